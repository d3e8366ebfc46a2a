package notify_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/notify"
	"github.com/cremona/hug/internal/push"
)

// long repeats sentence until the text is about n bytes (whole runes).
func long(sentence string, n int) string {
	s := strings.Repeat(sentence, n/len(sentence)+1)
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// TestALongAnnouncementFitsThePushPayload (issue 11: a payload of at most
// 3 KB, Firefox on Android refuses more): staff post long announcements
// in Arabic, Punjabi and Italian, each as long as the hub takes (the
// body's JSON field holds 20,000 bytes in all languages, a language 10,000
// characters), one with a title longer than a payload. Every queued push
// is at most push.MaxPayload bytes of valid JSON; its title and body are
// the reader's text whole, or its beginning cut on a character boundary
// with "…"; a title carries at most notify.MaxTitle bytes, so the body is
// never dropped; a body shortened leaves no room unused. Each posted three times, the
// title a byte longer each time. The inbox keeps the whole title
// and text in every language.
func TestALongAnnouncementFitsThePushPayload(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	group := newGroup(t, app)
	phones := map[string]string{}  // subscription -> language
	readers := map[string]string{} // language -> user
	for _, lang := range []string{"ar", "pa", "it"} {
		u := hubtest.NewUser(t, app, "long-"+lang+"@hug.test", "family")
		member(t, app, u.Id, group.Id)
		phones[subscribe(t, app, u.Id, lang, "")] = lang
		readers[lang] = u.Id
	}
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)

	for _, c := range []struct {
		lang        string
		title, body map[string]string
	}{
		{"ar", map[string]string{"it": "Avviso", "ar": long("اجتماع العائلات في مركز الأسرة يوم الخميس. ", 1200)},
			map[string]string{"it": "Testo", "ar": long("نرحب بكل العائلات وأطفالها في الحديقة بعد الظهر، ومعنا وسيطة تتكلم العربية. ", 17500)}},
		{"pa", map[string]string{"it": "Avviso", "pa": long("ਵੀਰਵਾਰ ਨੂੰ ਪਰਿਵਾਰ ਕੇਂਦਰ ਵਿੱਚ ਮਾਪਿਆਂ ਦੀ ਮੀਟਿੰਗ। ", 4500)},
			map[string]string{"it": "Testo", "pa": long("ਸਾਰੇ ਪਰਿਵਾਰਾਂ ਅਤੇ ਬੱਚਿਆਂ ਦਾ ਪਾਰਕ ਵਿੱਚ ਸੁਆਗਤ ਹੈ। ", 19000)}},
		{"it", map[string]string{"it": long("Perché è già ora: più città, più età, più novità. ", 900)},
			map[string]string{"it": long("Giovedì alle 18 al Consultorio: è là che ci si vedrà, perché più famiglie ci sarà più attività. ", 10500)}},
	} {
		// The title 0, 1, 2 bytes longer: the cut falls at every place of
		// a two- or three-byte character.
		for shift := 0; shift < 3; shift++ {
			title := map[string]string{}
			for k, v := range c.title {
				title[k] = v
			}
			title[c.lang] = strings.Repeat("!", shift) + title[c.lang]
			c := c
			c.title = title
			if _, err := app.DB().NewQuery("DELETE FROM push_deliveries").Execute(); err != nil {
				t.Fatal(err)
			}
			out := hubtest.Mutate(t, app, staff, "it", "post_announcement", map[string]any{"announcement": core.GenerateDefaultRandomId(),
				"group": group.Id, "title": c.title, "body": c.body})
			if out.Status != "applied" {
				t.Fatalf("%s: post_announcement: %+v", c.lang, out.Error)
			}
			got := all(t, app, "announcement")
			if len(got) != len(phones) {
				t.Fatalf("%s: %d pushes, want %d", c.lang, len(got), len(phones))
			}
			for _, d := range got {
				lang := phones[d.Sub]
				what := fmt.Sprintf("%s announcement (+%d) to a reader in %s", c.lang, shift, lang)
				if len(d.Raw) > push.MaxPayload || !json.Valid([]byte(d.Raw)) {
					t.Errorf("%s: a payload of %d bytes (valid JSON %v)", what, len(d.Raw), json.Valid([]byte(d.Raw)))
				}
				title, _ := multitext.Text(c.title).Best(lang)
				body, _ := multitext.Text(c.body).Best(lang)
				bodyCut := prefixOf(t, what+" body", d.Payload.Body, body)
				prefixOf(t, what+" title", d.Payload.Title, title)
				if d.Payload.Body == "" && body != "" {
					t.Errorf("%s: the body dropped (title %d bytes)", what, len(d.Payload.Title))
				}
				if len(d.Payload.Title) > notify.MaxTitle {
					t.Errorf("%s: a title of %d bytes leaves the body little room", what, len(d.Payload.Title))
				}
				if bodyCut && d.Payload.Body != "" && len(d.Raw) < push.MaxPayload-24 {
					t.Errorf("%s: the body cut to %d bytes, the payload %d bytes: room left unused", what, len(d.Payload.Body), len(d.Raw))
				}
				if lang == c.lang && !bodyCut && d.Payload.Body != "" {
					t.Errorf("%s: a body of %d bytes not shortened", what, len(body))
				}
			}
			for lang, user := range readers {
				rows := inbox(t, app, user, "announcement")
				row := rows[len(rows)-1]
				for field, want := range map[string]map[string]string{"title": c.title, "body": c.body} {
					var kept struct{ Text map[string]string }
					if err := json.Unmarshal([]byte(row.GetString(field)), &kept); err != nil {
						t.Fatal(err)
					}
					if len(kept.Text) != len(want) || kept.Text[c.lang] != want[c.lang] || kept.Text["it"] != want["it"] {
						t.Errorf("%s: %s's inbox does not keep the whole %s", c.lang, lang, field)
					}
				}
			}
		}
	}
}

// prefixOf fails unless got is full, or full's beginning cut on a
// character boundary with "…", or empty; it says whether full was cut.
func prefixOf(t *testing.T, what, got, full string) bool {
	t.Helper()
	if got == full {
		return false
	}
	if !utf8.ValidString(got) {
		t.Errorf("%s: not valid UTF-8", what)
		return true
	}
	if got == "" {
		return true
	}
	kept, ok := strings.CutSuffix(got, "…")
	if !ok || !strings.HasPrefix(full, kept) || kept == "" {
		tail := []rune(got)
		if len(tail) > 20 {
			tail = tail[len(tail)-20:]
		}
		t.Errorf("%s: %d bytes ending %q: not the text's beginning with …", what, len(got), string(tail))
	}
	return true
}
