package staffcsv_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/cremona/hug/internal/staffcsv"
)

// TestCSVConventions: what Excel with Italian settings and LibreOffice need
// (BOM, ";", CRLF, quoted cells that hold ";" or quotes), formula-like
// cells behind an apostrophe, and dates and times in Rome, summer and
// winter, across midnight. (With CRLF line ends Go's writer drops a lone
// CR inside a cell; the apostrophe before it stays.)
func TestCSVConventions(t *testing.T) {
	cells := []string{"=1+1", "+39 333", "-2", "@SUM(A1)", "\tx", "\rx", "a;b \"c\"", "Amina", "李 Wei", ""}
	want := []string{"'=1+1", "'+39 333", "'-2", "'@SUM(A1)", "'\tx", "'x", "a;b \"c\"", "Amina", "李 Wei", ""}
	body := staffcsv.Encode([]string{"=Nome", "B"}, [][]string{cells})
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no BOM: %q", body[:3])
	}
	body = body[3:]
	if bytes.Count(body, []byte("\n")) != bytes.Count(body, []byte("\r\n")) {
		t.Errorf("a line ends without CR: %q", body)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "'=Nome" {
		t.Errorf("header not neutralised: %q", rows[0])
	}
	for i, w := range want {
		if rows[1][i] != w {
			t.Errorf("cell %d: %q, want %q", i, rows[1][i], w)
		}
	}
	for _, c := range []struct {
		utc        time.Time
		date, time string
	}{
		{time.Date(2026, 7, 1, 16, 0, 0, 0, time.UTC), "01/07/2026", "18:00"},
		{time.Date(2026, 1, 15, 16, 0, 0, 0, time.UTC), "15/01/2026", "17:00"},
		{time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC), "01/04/2026", "00:30"},
	} {
		if d, h := staffcsv.Date(c.utc), staffcsv.Time(c.utc); d != c.date || h != c.time {
			t.Errorf("%v: %s %s, want %s %s (Rome)", c.utc, d, h, c.date, c.time)
		}
	}
	if staffcsv.Date(time.Time{}) != "" || staffcsv.Time(time.Time{}) != "" {
		t.Errorf("no time is not an empty cell")
	}
}
