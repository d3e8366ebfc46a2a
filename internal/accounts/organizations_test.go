package accounts_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

func patchOrg(t *testing.T, app *tests.TestApp, id, token string, body map[string]any) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/organizations/records/" + id, Token: token, Body: body})
}

func token(t *testing.T, record *core.Record) string {
	t.Helper()
	tok, err := record.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// The takeover of the security review (M2): a member of a verified partner
// organization adds an accomplice, who removes the founders and renames it
// with a premium-rate number, and it stays verified on the About screen.
// Now a member cannot add or remove members, and a rename takes the
// verification away (the public no longer sees it) until staff verify again.
func TestAVerifiedOrganizationCannotBeTakenOver(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	if !solco.GetBool("verified") || !solco.GetBool("partner") {
		t.Fatal("the seed's Sol.Co. is not a verified partner")
	}
	member, _ := app.FindAuthRecordByEmail("users", hubtest.VerifiedEmail)
	accomplice := hubtest.NewUser(t, app, "complice@hug.test", "association")

	res := patchOrg(t, app, solco.Id, token(t, member), map[string]any{"members+": accomplice.Id})
	if res.Status != http.StatusForbidden || errorCode(t, res, "members") != "organization_members_by_manager" {
		t.Fatalf("a member added a member: %d %s", res.Status, res.Body)
	}
	res = patchOrg(t, app, solco.Id, token(t, member), map[string]any{"members-": member.Id})
	if res.Status != http.StatusForbidden {
		t.Fatalf("a member changed the members: %d %s", res.Status, res.Body)
	}
	for _, body := range []map[string]any{{"manager": member.Id}, {"partner": false}, {"verified": false}} {
		if res = patchOrg(t, app, solco.Id, token(t, member), body); res.Status < 400 {
			t.Errorf("a member set %v: %d", body, res.Status)
		}
	}
	if got := hubtest.BySlug(t, app, "organizations", "consorzio-solco").GetStringSlice("members"); len(got) != 1 || got[0] != member.Id {
		t.Fatalf("members now %v", got)
	}

	res = patchOrg(t, app, solco.Id, token(t, member), map[string]any{"name": "Sol.Co. chiama 899 123456"})
	if res.Status != http.StatusOK {
		t.Fatalf("rename: %d %s", res.Status, res.Body)
	}
	renamed := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	if renamed.GetBool("verified") {
		t.Fatal("renamed by a member, the organization is still verified")
	}
	guest := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/organizations/records?perPage=200"})
	if strings.Contains(string(guest.Body), "899") || strings.Contains(string(guest.Body), solco.Id) {
		t.Fatalf("the public still sees the renamed organization: %s", guest.Body)
	}
	if res = hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/organizations/records/" + solco.Id,
		Token: token(t, member)}); res.Status != http.StatusOK {
		t.Errorf("its member lost sight of it: %d", res.Status)
	}

	for _, field := range []string{"email", "phone", "website", "address", "description"} {
		renamed.Set("verified", true)
		if err := app.Save(renamed); err != nil {
			t.Fatal(err)
		}
		value := map[string]any{"email": "nuovo@hug.test", "phone": "899 123456", "website": "https://esempio.test",
			"address": "via Altrove 1", "description": map[string]string{"it": "Chiamate l'899"}}[field]
		if res = patchOrg(t, app, solco.Id, token(t, member), map[string]any{field: value}); res.Status != http.StatusOK {
			t.Fatalf("change %s: %d %s", field, res.Status, res.Body)
		}
		if hubtest.BySlug(t, app, "organizations", "consorzio-solco").GetBool("verified") {
			t.Errorf("a member changed %s and the organization stayed verified", field)
		}
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	if res = patchOrg(t, app, solco.Id, staff, map[string]any{"verified": true, "name": "Consorzio Sol.Co."}); res.Status != http.StatusOK {
		t.Fatalf("staff verify again: %d %s", res.Status, res.Body)
	}
	if got := hubtest.BySlug(t, app, "organizations", "consorzio-solco"); !got.GetBool("verified") {
		t.Error("staff's rename took the verification away")
	}
}

// Staff designate a manager, who adds and removes members; each change of
// members is audited with who did it, and the manager stays a member.
func TestTheManagerManagesMembersAndIsAudited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	manager, _ := app.FindAuthRecordByEmail("users", hubtest.VerifiedEmail)
	newcomer := hubtest.NewUser(t, app, "volontaria@hug.test", "association")
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)

	if res := patchOrg(t, app, solco.Id, staff, map[string]any{"manager": newcomer.Id}); res.Status != http.StatusBadRequest ||
		errorCode(t, res, "manager") != "organization_manager_is_member" {
		t.Fatalf("a manager from outside: %d %s", res.Status, res.Body)
	}
	if res := patchOrg(t, app, solco.Id, staff, map[string]any{"manager": manager.Id}); res.Status != http.StatusOK {
		t.Fatalf("staff designate the manager: %d %s", res.Status, res.Body)
	}
	if res := patchOrg(t, app, solco.Id, token(t, manager), map[string]any{"members+": newcomer.Id}); res.Status != http.StatusOK {
		t.Fatalf("the manager adds a member: %d %s", res.Status, res.Body)
	}
	if res := patchOrg(t, app, solco.Id, token(t, newcomer), map[string]any{"members-": manager.Id}); res.Status != http.StatusForbidden {
		t.Fatalf("the new member removed the manager: %d %s", res.Status, res.Body)
	}
	if res := patchOrg(t, app, solco.Id, token(t, manager), map[string]any{"members-": manager.Id}); res.Status != http.StatusBadRequest {
		t.Fatalf("the manager left the organization without a manager: %d %s", res.Status, res.Body)
	}
	if !hubtest.BySlug(t, app, "organizations", "consorzio-solco").GetBool("verified") {
		t.Error("adding a member took the verification away")
	}
	entries, err := app.FindRecordsByFilter("audit_log", "target_id = {:id} && action = 'change_members'", "created", 0, 0, map[string]any{"id": solco.Id})
	if err != nil || len(entries) != 1 {
		t.Fatalf("want 1 audit line for the change of members, got %d (%v)", len(entries), err)
	}
	if e := entries[0]; e.GetString("actor_id") != manager.Id || !strings.Contains(e.GetString("detail"), "added: "+newcomer.Id) {
		t.Errorf("audit line: %v", e.PublicExport())
	}

	// The change and its audit line are one transaction: when the line
	// cannot be written, the members stay as they were.
	app.OnRecordCreate("audit_log").BindFunc(func(e *core.RecordEvent) error { return errors.New("audit log unavailable") })
	if res := patchOrg(t, app, solco.Id, token(t, manager), map[string]any{"members-": newcomer.Id}); res.Status < 400 {
		t.Fatalf("removed a member without an audit line: %d", res.Status)
	}
	if got := hubtest.BySlug(t, app, "organizations", "consorzio-solco").GetStringSlice("members"); len(got) != 2 {
		t.Errorf("members changed without an audit line: %v", got)
	}
}

// An association that registers its organization is its manager; it cannot
// verify it or bring other members in at creation.
func TestTheFounderOfAnOrganizationIsItsManager(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	founder := hubtest.NewUser(t, app, "fondatrice@hug.test", "association")
	other, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	create := func(body map[string]any) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/organizations/records", Token: token(t, founder), Body: body})
	}
	if res := create(map[string]any{"name": "Con altri", "kind": "association", "members": []string{founder.Id, other.Id}}); res.Status < 400 {
		t.Errorf("created with another member: %d", res.Status)
	}
	res := create(map[string]any{"name": "Genitori in rete", "kind": "association", "members": []string{founder.Id}})
	var org struct{ Manager string }
	res.JSON(t, &org)
	if res.Status != http.StatusOK || org.Manager != founder.Id {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
}
