package hub_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// The access matrix: every collection (and, where it matters, which of its
// records) x every role x every operation, checked against the real app with
// its real migrations, hooks and demo data. A cell is "Y" when the role can
// do it and "-" when it cannot; the table printed at the end is the contract
// written in docs/ARCHITECTURE.md.

var roles = []string{"anonymous", "family", "association", "verified_assoc", "mediator", "staff", "superuser"}
var ops = []string{"list", "view", "create", "update", "delete"}

var roleEmails = map[string]string{
	"family":         hubtest.FamilyEmail,
	"association":    hubtest.NewAssocEmail,
	"verified_assoc": hubtest.VerifiedEmail,
	"mediator":       hubtest.MediatorEmail,
	"staff":          hubtest.StaffEmail,
	"superuser":      hubtest.SuperuserEmail,
}

// resource is one row of the matrix: a collection, the record the
// list/view/update/delete cells aim at, the bodies used, and who may do what.
type resource struct {
	name       string
	collection string
	target     func(app core.App) string
	create     func(ids fixtureIDs, self string) map[string]any
	update     map[string]any
	allowed    map[string]string // op -> roles allowed, space separated
}

type fixtureIDs map[string]string

func slugID(collection, slug string) func(app core.App) string {
	return func(app core.App) string {
		r, err := app.FindFirstRecordByData(collection, "slug", slug)
		if err != nil {
			panic(fmt.Sprintf("%s %s: %v", collection, slug, err))
		}
		return r.Id
	}
}

func announcementTitled(title string) func(app core.App) string {
	return func(app core.App) string {
		r, err := app.FindFirstRecordByFilter("announcements", "title.it = {:t}", map[string]any{"t": title})
		if err != nil {
			panic(fmt.Sprintf("announcement %s: %v", title, err))
		}
		return r.Id
	}
}

func ownedBy(collection, email string) func(app core.App) string {
	return func(app core.App) string {
		user, err := app.FindAuthRecordByEmail("users", email)
		if err != nil {
			panic(err)
		}
		r, err := app.FindFirstRecordByFilter(collection, "user = {:u}", map[string]any{"u": user.Id})
		if err != nil {
			panic(err)
		}
		return r.Id
	}
}

const (
	everyone  = "anonymous family association verified_assoc mediator staff superuser"
	signedIn  = "family association verified_assoc mediator staff superuser"
	staffOnly = "staff superuser"
	editors   = "mediator staff superuser"
	// Families and members of a verified association propose activities;
	// mediators translate them (internal/proposals.CheckProposer).
	proposers = "family verified_assoc staff superuser"
	// The update bodies rewrite the Italian original, which a mediator may
	// not (multitext.CheckMediatorEdit): their translating is tested in
	// internal/multitext (TestMediatorsChangeOnlyTheirTranslations).
)

func resources() []resource {
	it := func(s string) map[string]string { return map[string]string{"it": s} }
	activity := func(ids fixtureIDs, self string) map[string]any {
		return map[string]any{"title": it("Nuova proposta"), "kind": "workshop", "status": "pending", "proposer": self,
			"starts_at": hubtest.InDays(120, "10:00"), "ends_at": hubtest.InDays(120, "12:00")}
	}
	return []resource{
		{name: "users (another family)", collection: "users", target: func(app core.App) string {
			r, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"email": "signup@hug.test", "password": "password-123", "passwordConfirm": "password-123", "role": "family", "privacy_accepted": true}
		}, update: map[string]any{"name": "Changed"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": everyone, "update": staffOnly, "delete": staffOnly}},
		{name: "users (sign up as staff)", collection: "users", target: func(app core.App) string {
			r, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"email": "boss@hug.test", "password": "password-123", "passwordConfirm": "password-123", "role": "staff"}
		}, update: map[string]any{"role": "staff"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": "superuser", "update": "superuser", "delete": staffOnly}},
		{name: "organizations (unverified)", collection: "organizations", target: slugID("organizations", hubtest.UnverifiedOrgSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": "Genitori in rete", "kind": "association", "members": []string{self}}
			}, update: map[string]any{"phone": "0372 000000"},
			allowed: map[string]string{"list": "association staff superuser", "view": "association staff superuser",
				"create": "association verified_assoc staff superuser", "update": "association staff superuser", "delete": staffOnly}},
		{name: "organizations (verify)", collection: "organizations", target: slugID("organizations", hubtest.UnverifiedOrgSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": "Auto-verificata", "kind": "association", "members": []string{self}, "verified": true}
			}, update: map[string]any{"verified": true},
			allowed: map[string]string{"list": "association staff superuser", "view": "association staff superuser",
				"create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "organizations (members)", collection: "organizations", target: slugID("organizations", hubtest.UnverifiedOrgSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": "Con un altro membro", "kind": "association", "members": []string{self, ids["user:other"]}}
			}, update: map[string]any{"members": []string{}}, // its member is not its manager
			allowed: map[string]string{"list": "association staff superuser", "view": "association staff superuser",
				"create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "places", collection: "places", target: slugID("places", "hug-sede-principale"),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": "Nuovo punto", "kind": "access_point"}
			}, update: map[string]any{"description": it("Descrizione aggiornata")},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "services", collection: "services", target: slugID("services", "consultorio-familiare-asst"),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": it("Nuovo servizio"), "category": "social", "nature": "informal"}
			}, update: map[string]any{"summary": it("Sintesi aggiornata")},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "centre", collection: "centre", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByFilter("centre", "id != ''")
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"name": "Un altro centro"}
		}, update: map[string]any{"tagline": it("Nuovo motto")},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": "superuser", "update": staffOnly, "delete": "superuser"}},
		{name: "groups (public)", collection: "groups", target: slugID("groups", "0-6-anni"),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": it("Nuovo gruppo"), "join_policy": "open", "public": true}
			}, update: map[string]any{"description": it("Descrizione aggiornata")},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "groups (private)", collection: "groups", target: slugID("groups", hubtest.PrivateGroupSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"name": it("Gruppo privato"), "join_policy": "approval", "public": false}
			}, update: map[string]any{"description": it("Descrizione aggiornata")},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "memberships (another family's)", collection: "memberships", target: ownedBy("memberships", hubtest.OtherFamilyEmail),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"group": ids["group:soresina"], "user": self}
			}, update: map[string]any{"status": "pending"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": signedIn, "update": staffOnly, "delete": staffOnly}},
		{name: "memberships (private group)", collection: "memberships", target: ownedBy("memberships", hubtest.OtherFamilyEmail),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"group": ids["group:"+hubtest.PrivateGroupSlug], "user": self}
			}, update: map[string]any{"status": "pending"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "activities (approved)", collection: "activities", target: slugID("activities", "ape-2"),
			create: activity, update: map[string]any{"summary": it("Sintesi aggiornata")},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": proposers, "update": staffOnly, "delete": staffOnly}},
		{name: "activities (someone's pending)", collection: "activities", target: slugID("activities", hubtest.PendingSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				a := activity(ids, self)
				a["status"] = "approved" // self-publishing
				return a
			}, update: map[string]any{"summary": it("Sintesi aggiornata")},
			allowed: map[string]string{"list": editors, "view": editors, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "activities (the reason template)", collection: "activities", target: slugID("activities", hubtest.PendingSlug),
			create: func(ids fixtureIDs, self string) map[string]any {
				a := activity(ids, self)
				a["moderation_template"] = "duplicate" // only staff give a reason
				return a
			}, update: map[string]any{"moderation_template": "duplicate"},
			allowed: map[string]string{"list": editors, "view": editors, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "activities (staff draft)", collection: "activities", target: slugID("activities", hubtest.StaffDraftSlug),
			create: activity, update: map[string]any{"status": "pending"},
			allowed: map[string]string{"list": editors, "view": editors, "create": proposers, "update": staffOnly, "delete": staffOnly}},
		{name: "registrations (another family's)", collection: "registrations", target: ownedBy("registrations", hubtest.OtherFamilyEmail),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"activity": ids["activity:ape-2"], "user": self, "adults": 1, "children": 1}
			}, update: map[string]any{"adults": 2},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": signedIn, "update": staffOnly, "delete": staffOnly}},
		{name: "registrations (for someone else)", collection: "registrations", target: ownedBy("registrations", hubtest.OtherFamilyEmail),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"activity": ids["activity:ape-2"], "user": ids["user:other"], "adults": 1}
			}, update: map[string]any{"children": 0},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": staffOnly, "update": staffOnly, "delete": staffOnly}},
		{name: "registrations (to my initiative)", collection: "registrations", target: func(app core.App) string {
			user, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
			r, _ := app.FindFirstRecordByFilter("registrations", "user = {:u} && activity.organization.slug = 'consorzio-solco'", map[string]any{"u": user.Id})
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"activity": ids["activity:solco"], "user": self, "adults": 1}
		}, update: map[string]any{"status": "cancelled"},
			allowed: map[string]string{"list": "verified_assoc staff superuser", "view": "verified_assoc staff superuser",
				"create": signedIn, "update": staffOnly, "delete": staffOnly}},
		{name: "appointment_requests (another's)", collection: "appointment_requests", target: ownedBy("appointment_requests", hubtest.OtherFamilyEmail),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"user": self, "topic": "listening", "message": "Vorrei un appuntamento", "contact_phone": "333 1234567"}
			}, update: map[string]any{"staff_reply": "Ci vediamo martedì"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": signedIn, "update": staffOnly, "delete": staffOnly}},
		{name: "activity_revisions (Sol.Co.'s)", collection: "activity_revisions", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("activity_revisions", "status", "pending")
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"activity": ids["activity:ape-2"], "fields": map[string]any{"summary": it("Rivista")}, "status": "pending"}
		}, update: map[string]any{"reason": "rewritten"},
			allowed: map[string]string{"list": "verified_assoc staff superuser", "view": "verified_assoc staff superuser",
				"create": "superuser", "update": "superuser", "delete": "superuser"}},
		{name: "attendance (another family's)", collection: "attendance", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByFilter("attendance", "present = true")
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"activity": ids["activity:solco"], "registration": ids["registration:solco"], "present": true, "marked_at": "2026-12-01 10:00:00.000Z"}
		}, update: map[string]any{"present": false},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": "superuser", "update": "superuser", "delete": "superuser"}},
		{name: "appointment_counts (the figures' counts of deleted requests)", collection: "appointment_counts", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("appointment_counts", "day", hubtest.AppointmentCountsDay)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"day": "2019-07-01", "requests": 1}
		}, update: map[string]any{"requests": 5},
			allowed: map[string]string{"list": "superuser", "view": "superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		// Reads per record and day (internal/reads): POST /api/hub/reads adds, nobody reads rows.
		{name: "hub_reads (a day's reads of ape-1)", collection: "hub_reads", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("hub_reads", "day", hubtest.ReadsDay)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"target_collection": "activities", "target_id": ids["activity:ape-2"], "day": "2019-07-01", "count": 99}
		}, update: map[string]any{"count": 500},
			allowed: map[string]string{"list": "superuser", "view": "superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		{name: "announcements (to everyone)", collection: "announcements", target: announcementTitled(hubtest.AnnouncementForAll),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"title": it("Nuovo avviso"), "body": it("Testo dell'avviso"), "urgent": true}
			}, update: map[string]any{"status": "withdrawn"},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": staffOnly, "update": staffOnly, "delete": "superuser"}},
		{name: "announcements (private group)", collection: "announcements", target: announcementTitled(hubtest.AnnouncementPrivate),
			create: func(ids fixtureIDs, self string) map[string]any {
				return map[string]any{"group": ids["group:"+hubtest.PrivateGroupSlug], "title": it("Nuovo avviso"), "body": it("Testo")}
			}, update: map[string]any{"status": "withdrawn"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": staffOnly, "update": staffOnly, "delete": "superuser"}},
		{name: "translation_drafts (the mediator's)", collection: "translation_drafts", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("translation_drafts", "text", hubtest.MediatorDraftText)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"target_collection": "activities", "target_id": ids["activity:ape-2"], "field": "title", "language": "ar", "text": "مسودة", "author": ids["user:mediator"]}
		}, update: map[string]any{"text": "Riscritta"},
			allowed: map[string]string{"list": "mediator staff superuser", "view": "mediator staff superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		{name: "notifications (another family's)", collection: "notifications", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("notifications", "notice", hubtest.NotificationNotice)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"user": self, "notice": "made-by-me", "kind": "reminder"}
		}, update: map[string]any{"read_at": "2026-12-01 10:00:00.000Z"},
			allowed: map[string]string{"list": "superuser", "view": "superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		// Web Push (internal/push): only its endpoints write them, nobody reads them.
		{name: "push_subscriptions (the family's)", collection: "push_subscriptions", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("push_subscriptions", "endpoint", hubtest.PushEndpoint)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"endpoint": "https://fcm.googleapis.com/fcm/send/new", "p256dh": "x", "auth": "y", "user": self}
		}, update: map[string]any{"user": ""},
			allowed: map[string]string{"list": "superuser", "view": "superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		{name: "push_deliveries", collection: "push_deliveries", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("push_deliveries", "notification", hubtest.PushNotification)
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"subscription": ids["push_subscription"], "notification": "new", "payload": "{}", "state": "queued"}
		}, update: map[string]any{"state": "queued"},
			allowed: map[string]string{"list": "superuser", "view": "superuser", "create": "superuser", "update": "superuser", "delete": "superuser"}},
		// Reports (internal/reports): the reporter and staff read one; anyone
		// signed in files one (reports.File), the superuser being no account;
		// staff decide through mutations only.
		{name: "reports (another family's)", collection: "reports", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("reports", "text", "Data sbagliata")
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"activity": ids["activity:ape-2"], "reporter": self, "reason": "spam"}
		}, update: map[string]any{"status": "dismissed"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": "family association verified_assoc mediator staff",
				"update": "superuser", "delete": "superuser"}},
		// activities.hidden: only the server hides an activity (reports).
		{name: "activities (hide)", collection: "activities", target: slugID("activities", "ape-2"),
			create: func(ids fixtureIDs, self string) map[string]any {
				a := activity(ids, self)
				a["hidden"] = true
				return a
			}, update: map[string]any{"hidden": true},
			allowed: map[string]string{"list": everyone, "view": everyone, "create": "", "update": "", "delete": staffOnly}},
		{name: "audit_log", collection: "audit_log", target: func(app core.App) string {
			r, _ := app.FindFirstRecordByData("audit_log", "actor_id", "fixture")
			return r.Id
		}, create: func(ids fixtureIDs, self string) map[string]any {
			return map[string]any{"actor_id": "x", "action": "approve", "target_collection": "activities", "target_id": "x"}
		}, update: map[string]any{"reason": "rewritten"},
			allowed: map[string]string{"list": staffOnly, "view": staffOnly, "create": "", "update": "", "delete": ""}},
	}
}

// outcome classifies a response: allowed, denied by the rules, or broken
// (a test body the server found invalid, which would hide a real denial).
func outcome(op string, status int, body []byte, targetID string) string {
	switch {
	case op == "list" && status == 200:
		if strings.Contains(string(body), targetID) {
			return "Y"
		}
		return "-"
	case status >= 200 && status < 300:
		return "Y"
	case status == 403 || status == 404:
		return "-"
	case status == 400:
		var e struct{ Data map[string]any }
		_ = json.Unmarshal(body, &e)
		if len(e.Data) == 0 {
			return "-"
		}
		return "invalid: " + string(body)
	}
	return fmt.Sprintf("status %d: %s", status, body)
}

func TestAccessMatrix(t *testing.T) {
	shared := hubtest.NewApp(t)
	defer shared.Cleanup()

	ids := fixtureIDs{}
	for _, slug := range []string{"soresina", hubtest.PrivateGroupSlug} {
		ids["group:"+slug] = hubtest.BySlug(t, shared, "groups", slug).Id
	}
	ids["activity:ape-2"] = hubtest.BySlug(t, shared, "activities", "ape-2").Id
	solco := hubtest.BySlug(t, shared, "organizations", "consorzio-solco")
	event, err := shared.FindFirstRecordByFilter("activities", "organization = {:o}", map[string]any{"o": solco.Id})
	if err != nil {
		t.Fatal(err)
	}
	ids["activity:solco"] = event.Id
	if r, err := shared.FindFirstRecordByFilter("registrations", "activity = {:a}", map[string]any{"a": event.Id}); err == nil {
		ids["registration:solco"] = r.Id
	}
	other, _ := shared.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	ids["user:other"] = other.Id
	if sub, err := shared.FindFirstRecordByData("push_subscriptions", "endpoint", hubtest.PushEndpoint); err == nil {
		ids["push_subscription"] = sub.Id
	}
	tokens := map[string]string{}
	for role, email := range roleEmails {
		collection := "users"
		if role == "superuser" {
			collection = core.CollectionNameSuperusers
		}
		tokens[role] = hubtest.Token(t, shared, collection, email)
		if role != "superuser" {
			user, _ := shared.FindAuthRecordByEmail("users", email)
			ids["user:"+role] = user.Id
		}
	}

	matrix := map[string]map[string]string{} // row -> role/op -> outcome
	for _, res := range resources() {
		target := res.target(shared)
		matrix[res.name] = map[string]string{}
		for _, role := range roles {
			for _, op := range ops {
				t.Run(res.name+"/"+role+"/"+op, func(t *testing.T) {
					app := shared
					if op != "list" && op != "view" {
						app = hubtest.NewApp(t) // a write gets its own copy
						defer app.Cleanup()
					}
					status, body := call(t, app, op, res, target, tokens[role], ids, role)
					got := outcome(op, status, body, target)
					want := "-"
					if strings.Contains(" "+res.allowed[op]+" ", " "+role+" ") {
						want = "Y"
					}
					matrix[res.name][role+"/"+op] = got
					if got != want {
						t.Errorf("%s %s as %s: got %q, want %q", op, res.name, role, got, want)
					}
				})
			}
		}
	}
	printMatrix(matrix)
}

func call(t *testing.T, app *tests.TestApp, op string, res resource, target, token string, ids fixtureIDs, role string) (int, []byte) {
	base := "/api/collections/" + res.collection + "/records"
	method, url := http.MethodGet, base+"/"+target
	var body io.Reader
	switch op {
	case "list":
		url = base + "?perPage=500&filter=" + strings.ReplaceAll(fmt.Sprintf("id='%s'", target), "'", "%27")
	case "create":
		self := ids["user:"+role]
		if role == "superuser" || role == "anonymous" {
			self = ids["user:family"]
		}
		raw, _ := json.Marshal(res.create(ids, self))
		method, url, body = http.MethodPost, base, strings.NewReader(string(raw))
	case "update":
		raw, _ := json.Marshal(res.update)
		method, body = http.MethodPatch, strings.NewReader(string(raw))
	case "delete":
		method = http.MethodDelete
	}
	return serve(t, app, method, url, body, token)
}

// serve sends one request through the app's real router, hooks included.
func serve(t testing.TB, app *tests.TestApp, method, url string, body io.Reader, token string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, url, body)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	hubtest.Handler(t, app).ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func printMatrix(matrix map[string]map[string]string) {
	var rows []string
	for name := range matrix {
		rows = append(rows, name)
	}
	sort.Strings(rows)
	var b strings.Builder
	b.WriteString("\nAccess matrix checked (Y = allowed, - = denied; l v c u d = list view create update delete)\n")
	fmt.Fprintf(&b, "%-34s", "")
	for _, role := range roles {
		fmt.Fprintf(&b, " %-15s", role)
	}
	b.WriteString("\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "%-34s", row)
		for _, role := range roles {
			cell := ""
			for _, op := range ops {
				v := matrix[row][role+"/"+op]
				if len(v) > 1 {
					v = "!"
				}
				cell += v
			}
			fmt.Fprintf(&b, " %-15s", cell)
		}
		b.WriteString("\n")
	}
	fmt.Print(b.String())
}
