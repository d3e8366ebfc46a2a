package calendar

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// User text that holds raw line breaks stays the text of its property: it
// never starts a content line of its own (an alarm, an attachment, a second
// event), whatever the stored text holds (the input guard cleans what comes
// through the API; the feed does not rely on it).
func TestLineBreaksInTextStayText(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	catalog, err := i18n.Load(os.DirFS(filepath.Join("..", "..", "locales")))
	if err != nil {
		t.Fatal(err)
	}
	collection := core.NewBaseCollection("activities")
	collection.Fields.Add(&core.JSONField{Name: "title"}, &core.JSONField{Name: "summary"}, &core.DateField{Name: "starts_at"},
		&core.DateField{Name: "ends_at"}, &core.TextField{Name: "status"}, &core.JSONField{Name: "location_note"},
		&core.AutodateField{Name: "created"}, &core.AutodateField{Name: "updated"})
	a := core.NewRecord(collection)
	a.Id = "injected123456x"
	a.Set("title", `{"it": "Festa\r\nBEGIN:VALARM\r\nACTION:AUDIO\r\nEND:VALARM"}`)
	a.Set("summary", `{"it": "Testo\rATTACH:http://evil.example/x\nEND:VEVENT\u0000"}`)
	a.Set("location_note", `{"it": "Qui\r\nURL:http://evil.example"}`)
	a.Set("status", "approved")
	a.Set("starts_at", time.Date(2027, 5, 6, 16, 0, 0, 0, time.UTC))
	a.Set("ends_at", time.Date(2027, 5, 6, 17, 0, 0, 0, time.UTC))
	body, _, err := writer{app: app, catalog: catalog, lang: "it"}.render("Hug", []entry{{activity: a}})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	var events []*ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompEvent {
			events = append(events, c)
		}
	}
	if len(events) != 1 {
		t.Fatalf("%d events:\n%s", len(events), body)
	}
	ev := events[0]
	if len(ev.Children) != 0 || ev.Props.Get("ATTACH") != nil || len(ev.Props.Values("URL")) != 1 {
		t.Fatalf("text became content lines:\n%s", body)
	}
	summary, _ := ev.Props.Text("SUMMARY")
	if !strings.Contains(summary, "\nBEGIN:VALARM") {
		t.Errorf("the title's text was lost: %q", summary)
	}
	if strings.Count(string(body), "\r") != strings.Count(string(body), "\r\n") {
		t.Error("a lone CR reached the feed (some apps read it as a line break)")
	}
	if strings.ContainsRune(string(body), 0) {
		t.Error("a NUL reached the feed")
	}
}
