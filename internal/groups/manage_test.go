package groups_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// TestOnlyStaffManageGroups: each role creates a group, changes one (its
// join policy), approves and declines a request to join Soresina and
// removes the other family from "0-6 anni", through the mutations and
// through the records API, on identical apps. Staff may, and each is in
// the audit log; a family, an association member and a mediator are
// refused both ways with the same status and message, and nothing changes.
func TestOnlyStaffManageGroups(t *testing.T) {
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "association": hubtest.VerifiedEmail,
		"mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		t.Run(role, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			soresina := hubtest.BySlug(t, viaMutation, "groups", "soresina").Id
			// The same requests to join on both apps (ids made here).
			pending := map[string]string{}
			for _, who := range []string{"approve", "decline"} {
				id := core.GenerateDefaultRandomId()
				for _, app := range []*tests.TestApp{viaMutation, viaAPI} {
					user := hubtest.NewUser(t, app, who+"@hug.test", "family")
					c, _ := app.FindCollectionByNameOrId("memberships")
					m := core.NewRecord(c)
					m.Load(map[string]any{"id": id, "group": soresina, "user": user.Id, "status": "pending"})
					if err := app.Save(m); err != nil {
						t.Fatal(err)
					}
				}
				pending[who] = id
			}
			other, _ := viaMutation.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
			member, err := viaMutation.FindFirstRecordByFilter("memberships", "user = {:u}", map[string]any{"u": other.Id})
			if err != nil {
				t.Fatal(err)
			}
			newID := core.GenerateDefaultRandomId()
			fields := map[string]any{"name": map[string]string{"it": "Papà in gioco", "ar": "آباء في اللعب"}, "description": map[string]string{"it": "Per i papà"},
				"join_policy": "approval", "public": true, "age_bands": []string{"0-3", "3-6"}, "place": hubtest.BySlug(t, viaMutation, "places", "hug-sede-principale").Id}
			cases := []struct {
				what, mutation string
				args           map[string]any
				method, url    string
				body           map[string]any
			}{
				{"create", "create_group", hubtest.Merge(map[string]any{"group": newID}, fields), http.MethodPost, "/api/collections/groups/records", hubtest.Merge(map[string]any{"id": newID}, fields)},
				{"update", "update_group", map[string]any{"group": soresina, "join_policy": "open"}, http.MethodPatch, "/api/collections/groups/records/" + soresina, map[string]any{"join_policy": "open"}},
				{"approve", "decide_membership", map[string]any{"membership": pending["approve"], "approve": true}, http.MethodPatch, "/api/collections/memberships/records/" + pending["approve"], map[string]any{"status": "active"}},
				{"decline", "decide_membership", map[string]any{"membership": pending["decline"], "approve": false}, http.MethodDelete, "/api/collections/memberships/records/" + pending["decline"], nil},
				{"remove", "remove_member", map[string]any{"membership": member.Id}, http.MethodDelete, "/api/collections/memberships/records/" + member.Id, nil},
			}
			audits := map[*tests.TestApp]int{}
			for _, app := range []*tests.TestApp{viaMutation, viaAPI} {
				n, _ := app.CountRecords("audit_log")
				audits[app] = int(n)
			}
			for _, c := range cases {
				out := hubtest.Mutate(t, viaMutation, hubtest.Token(t, viaMutation, "users", email), "it", c.mutation, c.args)
				res := hubtest.Do(t, viaAPI, hubtest.Request{Method: c.method, URL: c.url, Token: hubtest.Token(t, viaAPI, "users", email),
					Body: c.body, Header: map[string]string{"Accept-Language": "it"}})
				if role == "staff" {
					if out.Status != "applied" || res.Status >= 300 {
						t.Errorf("%s: staff refused: %+v / %d %s", c.what, out.Error, res.Status, res.Body)
					}
					continue
				}
				var body struct{ Message string }
				res.JSON(t, &body)
				if out.Status != "rejected" || res.Status < 400 || out.Error.Status != res.Status || out.Error.Message != body.Message {
					t.Errorf("%s by %s: mutation %+v, API %d %s", c.what, role, out.Error, res.Status, res.Body)
				}
			}
			for name, app := range map[string]*tests.TestApp{"mutation": viaMutation, "API": viaAPI} {
				g, _ := app.FindRecordById("groups", soresina)
				_, created := app.FindRecordById("groups", newID)
				approved, _ := app.FindRecordById("memberships", pending["approve"])
				_, declined := app.FindRecordById("memberships", pending["decline"])
				_, removed := app.FindRecordById("memberships", member.Id)
				n, _ := app.CountRecords("audit_log")
				done := []bool{created == nil, g.GetString("join_policy") == "open", approved != nil && approved.GetString("status") == "active", declined != nil, removed != nil}
				for i, c := range cases {
					if done[i] != (role == "staff") {
						t.Errorf("%s: %s by %s: done %v", name, c.what, role, done[i])
					}
				}
				if role == "staff" {
					lines, _ := app.FindRecordsByFilter("audit_log", "id != ''", "-seq", 5, 0)
					var got []string
					for i := len(lines) - 1; i >= 0; i-- {
						got = append(got, lines[i].GetString("action")+">"+lines[i].GetString("to_status"))
					}
					want := "[create_group>approval update_group>open decide_membership>active decide_membership>declined remove_member>removed]"
					if fmt.Sprint(got) != want {
						t.Errorf("%s: audit %v, want %s", name, got, want)
					}
				} else if int(n) != audits[app] {
					t.Errorf("%s: refused changes were audited", name)
				}
			}
		})
	}
}

// TestBadGroupsAreRefused: a group without an Italian name, with a join
// policy that does not exist, an age band that does not exist, or a place
// that does not exist is refused on its field in the caller's language,
// and nothing is written.
func TestBadGroupsAreRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	groups, _ := app.CountRecords("groups")
	audits, _ := app.CountRecords("audit_log")
	good := map[string]any{"name": map[string]string{"it": "Nuovo"}, "join_policy": "open"}
	for _, c := range []struct {
		field, code string
		args        map[string]any
	}{
		{"name", "validation_multitext_source_required", map[string]any{"name": map[string]string{"en": "New"}}},
		{"join_policy", "validation_invalid_value", map[string]any{"join_policy": "invite"}},
		{"age_bands", "validation_invalid_value", map[string]any{"age_bands": []string{"0-99"}}},
		{"place", "validation_missing_rel_records", map[string]any{"place": "nessunluogo0000"}},
	} {
		out := hubtest.Mutate(t, app, staff, "it", "create_group", hubtest.Merge(hubtest.Merge(map[string]any{"group": core.GenerateDefaultRandomId()}, good), c.args))
		field, _ := out.Error.Data[c.field].(map[string]any)
		if out.Status != "rejected" || field["code"] != c.code || field["message"] == "" || field["message"] == c.code {
			t.Errorf("%s: %+v", c.field, out.Error)
		}
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/groups/records", Token: staff,
			Body: hubtest.Merge(good, c.args), Header: map[string]string{"Accept-Language": "it"}})
		var body struct {
			Data map[string]struct{ Code, Message string }
		}
		res.JSON(t, &body)
		if res.Status != http.StatusBadRequest || body.Data[c.field].Code != c.code || body.Data[c.field].Message != field["message"] {
			t.Errorf("%s through the API: %d %s", c.field, res.Status, res.Body)
		}
	}
	if n, _ := app.CountRecords("groups"); n != groups {
		t.Error("a refused group was created")
	}
	if n, _ := app.CountRecords("audit_log"); n != audits {
		t.Error("a refused group was audited")
	}
}
