package notify

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/push"
	"github.com/cremona/hug/internal/vocab"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// Payload is what the service worker receives (the contract with the PWA,
// docs/ARCHITECTURE.md "Notifications"): at most push.MaxPayload bytes.
type Payload struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	URL     string `json:"url"`
	Kind    string `json:"kind"`
	Neutral bool   `json:"neutral"`
	Unread  int    `json:"unread"`
}

// render writes t in lang; a message or text missing in lang falls back
// along the hub's chain (Italian, then vocab's order).
func render(catalog *i18n.Catalog, lang string, t Text) string {
	if len(t.Words) > 0 {
		return best(t.Words, lang)
	}
	if t.ID == "" {
		return ""
	}
	data := map[string]any{}
	for k, v := range t.Params {
		data[k] = param(catalog, lang, v)
	}
	return catalog.T(lang, t.ID, data)
}

// param is one parameter as the reader reads it (see Text).
func param(catalog *i18n.Catalog, lang string, v any) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if at, ok := obj["at"].(string); ok && len(obj) == 1 {
		dt, err := types.ParseDateTime(at)
		if err != nil || dt.IsZero() {
			return ""
		}
		return When(catalog, lang, dt.Time())
	}
	return best(obj, lang)
}

// best is a multilingual value's text for lang (multitext.Best's chain).
func best(obj map[string]any, lang string) string {
	text := multitext.Text{}
	for k, v := range obj {
		if s, ok := v.(string); ok {
			text[k] = s
		}
	}
	s, _ := text.Best(lang)
	return s
}

// When writes a date and time in lang and Rome time, with the locale
// files' CLDR names and patterns ("giovedì 12 marzo, 18:00").
func When(catalog *i18n.Catalog, lang string, t time.Time) string {
	at := t.In(vocab.TimeZone)
	weekday := int(at.Weekday())
	if weekday == 0 {
		weekday = 7 // ISO: Monday = 1
	}
	date := catalog.T(lang, "date_long", map[string]any{
		"Weekday": catalog.T(lang, "date_weekday_"+strconv.Itoa(weekday), nil),
		"Day":     at.Day(),
		"Month":   catalog.T(lang, "date_month_"+strconv.Itoa(int(at.Month())), nil),
	})
	return catalog.T(lang, "date_at_time", map[string]any{"Date": date, "Time": at.Format("15:04")})
}

// MaxTitle is the most of a title a push carries, in bytes (80 Arabic or
// Punjabi letters, 240 Latin ones: more than a lock screen shows), so that
// a long title leaves the body room.
const MaxTitle = 240

// encode marshals p, the title cut to MaxTitle, shortening the body (then
// the title) until it fits push.MaxPayload: the inbox keeps the whole text.
func encode(p Payload) ([]byte, error) {
	if len(p.Title) > MaxTitle {
		p.Title = cut(p.Title, len(p.Title)-MaxTitle)
	}
	for {
		raw, err := json.Marshal(p)
		if err != nil || len(raw) <= push.MaxPayload {
			return raw, err
		}
		over := len(raw) - push.MaxPayload
		switch {
		case p.Body != "":
			p.Body = cut(p.Body, over)
		case p.Title != "":
			p.Title = cut(p.Title, over)
		default:
			p.URL = ""
		}
	}
}

// cut drops at least n bytes (and a little more for the ellipsis) from the
// end of s, at a character boundary.
func cut(s string, n int) string {
	keep := len(s) - n - len("…") - 8
	if keep <= 0 {
		return ""
	}
	for keep > 0 && !utf8.RuneStart(s[keep]) {
		keep--
	}
	return s[:keep] + "…"
}
