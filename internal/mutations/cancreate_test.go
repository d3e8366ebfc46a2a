package mutations_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/mutations"
	"github.com/cremona/hug/internal/proposals"
)

// CanCreate answers as the records API's create rule does, for every role
// and a spread of bodies over the collections people create records in:
// the records API refuses by rule (403 once internal/refusals explains it)
// exactly when CanCreate says no.
func TestCanCreateAgreesWithTheRecordsAPI(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	w := build(t, app)
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco").Id
	unverified := hubtest.BySlug(t, app, "organizations", hubtest.UnverifiedOrgSlug).Id
	emails := []string{hubtest.FamilyEmail, hubtest.OtherFamilyEmail, hubtest.NewAssocEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail, hubtest.StaffEmail}

	bodies := func(me *core.Record) map[string][]map[string]any {
		proposal := func(extra map[string]any) map[string]any {
			b := map[string]any{"title": map[string]string{"it": "Laboratorio"}, "kind": "workshop", "status": "pending",
				"starts_at": hubtest.InDays(90, "10:00"), "ends_at": hubtest.InDays(90, "11:00"), "proposer": me.Id}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		return map[string][]map[string]any{
			"registrations": {
				{"activity": w.free, "user": me.Id, "adults": 1},
				{"activity": w.free, "user": w.other.Id, "adults": 1},
				{"activity": w.dropIn, "user": me.Id, "adults": 1},
				{"activity": w.hidden, "user": me.Id, "adults": 1},
			},
			"memberships": {
				{"group": w.openGroup, "user": me.Id},
				{"group": w.privateGroup, "user": me.Id},
				{"group": w.approvalGroup, "user": w.family.Id},
			},
			"activities": {
				proposal(nil),
				proposal(map[string]any{"status": "approved"}),
				proposal(map[string]any{"proposer": w.other.Id}),
				proposal(map[string]any{"organization": solco}),
				proposal(map[string]any{"organization": unverified}),
			},
			"appointment_requests": {
				{"user": me.Id, "topic": "listening", "message": "Vorrei parlare"},
				{"user": me.Id, "topic": "listening", "status": "closed"},
				{"user": w.other.Id, "topic": "listening"},
			},
			"organizations": {
				{"name": "Nuova", "slug": "nuova-x", "kind": "association", "members": []string{me.Id}},
				{"name": "Verificata", "slug": "verificata-x", "kind": "association", "members": []string{me.Id}, "verified": true},
			},
			"places": {{"name": map[string]string{"it": "Sede"}, "slug": "sede-x"}},
		}
	}
	checked := 0
	for _, email := range emails {
		me, _ := app.FindAuthRecordByEmail("users", email)
		token := hubtest.Token(t, app, "users", email)
		for collection, list := range bodies(me) {
			c, _ := app.FindCollectionByNameOrId(collection)
			for _, body := range list {
				record := core.NewRecord(c)
				record.Load(body)
				info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodPost, Auth: me, Body: body,
					Query: map[string]string{}, Headers: map[string]string{}}
				may, err := mutations.CanCreate(app, record, info)
				if err != nil {
					t.Fatalf("%s %s %v: %v", email, collection, body, err)
				}
				if collection == "activities" && proposals.CheckProposer(app, me) != nil {
					may = false // who may propose at all: checked before the rule on both paths
				}
				res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/" + collection + "/records", Token: token, Body: body})
				refusedByRule := res.Status == http.StatusForbidden
				if may == refusedByRule {
					t.Errorf("%s creating %s %v: CanCreate %v, records API %d %s", email, collection, body, may, res.Status, res.Body)
				}
				checked++
			}
		}
	}
	t.Logf("%d role x body cases agree", checked)
}
