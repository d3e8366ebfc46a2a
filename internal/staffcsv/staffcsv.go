// Package staffcsv writes the CSV files staff download (attendance,
// figures) so that they open as a table, with the right characters, in
// Excel with Italian settings and in LibreOffice:
//
//   - UTF-8 with a byte order mark (without it Excel reads ANSI and breaks
//     accents, Arabic and Chinese names);
//   - ";" between cells (Excel in Italy takes "," for the decimal comma and
//     splits on the list separator, ";"); LibreOffice detects it;
//   - CRLF line ends (RFC 4180; Excel on Windows);
//   - dates dd/mm/yyyy and times HH:MM in the centre's time zone
//     (vocab.TimeZone), which Excel with Italian settings reads as dates;
//   - a cell beginning with = + - @ tab or CR gets a leading apostrophe, so
//     a name a family typed is never run as a formula (CSV injection).
//
// TestCSVConventions proves each point.
package staffcsv

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

// BOM is UTF-8's byte order mark, the first bytes of every file.
const BOM = "\uFEFF"

// Encode is the file: the header, then the rows, each cell neutralised.
func Encode(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	write := func(cells []string) {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = Neutralise(c)
		}
		_ = w.Write(out) // a bytes.Buffer does not fail
	}
	write(header)
	for _, r := range rows {
		write(r)
	}
	w.Flush()
	return buf.Bytes()
}

// Neutralise makes a cell that a spreadsheet would read as a formula plain
// text, with a leading apostrophe (OWASP's advice for CSV injection).
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Date is t's day in the centre's time zone, dd/mm/yyyy; "" for no time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vocab.TimeZone).Format("02/01/2006")
}

// Time is t's time of day in the centre's time zone, HH:MM; "" for no time.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vocab.TimeZone).Format("15:04")
}

// Serve sends a file for download, never cached (it holds staff-only data).
func Serve(e *core.RequestEvent, filename string, header []string, rows [][]string) error {
	h := e.Response.Header()
	h.Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(filename, `"`, "")+`"`)
	h.Set("Cache-Control", "no-store")
	return e.Blob(http.StatusOK, "text/csv; charset=utf-8", Encode(header, rows))
}

// Language is the language of a file made for a staff member: ?lang=,
// else the first language of their profile, else the request's.
func Language(catalog *i18n.Catalog, e *core.RequestEvent) string {
	prefs := []string{e.Request.URL.Query().Get("lang")}
	if e.Auth != nil && !e.Auth.IsSuperuser() {
		if langs := e.Auth.GetStringSlice("languages"); len(langs) > 0 {
			prefs = append(prefs, langs[0])
		}
	}
	return catalog.Match(append(prefs, e.Request.Header.Get("Accept-Language"))...)
}
