package translations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// TestMediatorsTranslateAnnouncements: announcements are content like
// activities. A mediator for Arabic publishes the Arabic title of the
// announcement to everyone through save_translation; its provenance names
// the mediator, current; a family reading Arabic gets it in the sync feed
// with that provenance, and the title's Italian original beside it. The
// announcement to a private group the mediator cannot read is not found,
// and its text is unchanged. Through the records API a mediator changes
// nothing of an announcement.
func TestMediatorsTranslateAnnouncements(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	public, err := app.FindFirstRecordByFilter("announcements", "title.it = {:t}", map[string]any{"t": hubtest.AnnouncementForAll})
	if err != nil {
		t.Fatal(err)
	}
	private, _ := app.FindFirstRecordByFilter("announcements", "title.it = {:t}", map[string]any{"t": hubtest.AnnouncementPrivate})
	mediator := hubtest.Token(t, app, "users", hubtest.MediatorEmail) // translates into it, ar, fr
	mediatorUser, _ := app.FindAuthRecordByEmail("users", hubtest.MediatorEmail)
	const arabic = "إعلان للجميع"

	if out := mutate(t, app, mediator, "ar", "save_translation", translate(public, "title", "ar", arabic, "publish")); out.Status != "applied" {
		t.Fatalf("publish: %+v", out.Error)
	}
	tr := provenanceOf(t, app, "announcements", public.Id, "title").Translations["ar"]
	if tr == nil || tr.By != multitext.ByMediator || tr.Actor != mediatorUser.Id || tr.Outdated {
		t.Errorf("the Arabic title's provenance: %+v", tr)
	}
	if out := mutate(t, app, mediator, "ar", "save_translation", translate(private, "title", "ar", "إعلان", "publish")); out.Status != "rejected" || out.Error.Status != http.StatusNotFound {
		t.Errorf("a private group's announcement: %s %+v", out.Status, out.Error)
	}
	if after, _ := app.FindRecordById("announcements", private.Id); after.GetString("title") != private.GetString("title") {
		t.Errorf("the private announcement changed: %s", after.GetString("title"))
	}

	// The records API stays staff's (announcements.Withdraw): a mediator's
	// PATCH of the same text is refused.
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/announcements/records/" + public.Id, Token: mediator,
		Body: map[string]any{"title": map[string]string{"it": hubtest.AnnouncementForAll, "ar": "إعلان آخر"}}})
	if after, _ := app.FindRecordById("announcements", public.Id); res.Status < 400 || !strings.Contains(after.GetString("title"), arabic) {
		t.Errorf("a mediator's PATCH: %d %s", res.Status, after.GetString("title"))
	}

	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	family.Set("languages", []string{"ar"})
	if err := app.Save(family); err != nil {
		t.Fatal(err)
	}
	res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/hub/sync?limit=5000",
		Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail)})
	var feed struct {
		Changes []struct {
			Collection string          `json:"collection"`
			Record     json.RawMessage `json:"record"`
		} `json:"changes"`
	}
	res.JSON(t, &feed)
	found := false
	for _, c := range feed.Changes {
		var r struct {
			ID         string               `json:"id"`
			Title      map[string]string    `json:"title"`
			Provenance multitext.Provenance `json:"provenance"`
		}
		if c.Collection != "announcements" || json.Unmarshal(c.Record, &r) != nil || r.ID != public.Id {
			continue
		}
		found = true
		if r.Title["ar"] != arabic || r.Title["it"] != hubtest.AnnouncementForAll {
			t.Errorf("the family reads %v", r.Title)
		}
		if p := r.Provenance["title"]; p == nil || p.Translations["ar"] == nil || p.Translations["ar"].By != multitext.ByMediator {
			t.Errorf("the family's provenance: %+v", p)
		}
	}
	if !found {
		t.Fatalf("the announcement is not in the family's feed: %.500s", res.Body)
	}
}
