package mutations_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/accounts"
	"github.com/cremona/hug/internal/hubtest"
)

// world is the same state in every app a case runs on: the seeded
// template (same ids in every copy) plus records with fixed ids.
type world struct {
	open, free, full, dropIn, started, hidden   string // activities
	openGroup, approvalGroup, privateGroup      string // groups
	mine, others, staffFree                     string // registrations
	myMembership, othersMembership, familyGroup string // memberships
	apptNew, apptProposed, apptOthers           string // appointment requests (appointments_agreement_test.go)
	family, other                               *core.Record
}

func build(t *testing.T, app *tests.TestApp) world {
	t.Helper()
	save := func(collection, id string, data map[string]any) string {
		c, _ := app.FindCollectionByNameOrId(collection)
		r := core.NewRecord(c)
		r.Id = id
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s %s: %v", collection, id, err)
		}
		return r.Id
	}
	activity := func(id string, days int, data map[string]any) string {
		base := map[string]any{"title": map[string]string{"it": "Prova " + id}, "kind": "play", "status": "approved", "registration_required": true,
			"starts_at": hubtest.InDays(days, "10:00"), "ends_at": hubtest.InDays(days, "11:00")}
		for k, v := range data {
			base[k] = v
		}
		return save("activities", id, base)
	}
	var w world
	w.family, _ = app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	w.other, _ = app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
	w.open = activity("actopen00000001", 30, map[string]any{"capacity": 6})
	w.free = activity("actfree00000001", 30, map[string]any{"capacity": 6})
	w.full = activity("actfull00000001", 30, map[string]any{"capacity": 2}) // full: 2 going; a family of 2 fits its capacity, so it waits
	w.dropIn = activity("actdropin000001", 30, map[string]any{"registration_required": false})
	w.started = activity("actstarted00001", -1, nil)
	w.hidden = hubtest.BySlug(t, app, "activities", hubtest.PendingSlug).Id
	save("registrations", "regfull00000001", map[string]any{"activity": w.full, "user": w.other.Id, "adults": 2, "status": "going"})
	w.mine = save("registrations", "regmine00000001", map[string]any{"activity": w.open, "user": w.family.Id, "adults": 1, "status": "going"})
	w.others = save("registrations", "regother0000001", map[string]any{"activity": w.open, "user": w.other.Id, "adults": 1, "status": "going"})
	w.openGroup = save("groups", "grpopen00000001", map[string]any{"slug": "aperto", "name": map[string]string{"it": "Aperto"}, "join_policy": "open", "public": true})
	w.approvalGroup = hubtest.BySlug(t, app, "groups", "soresina").Id
	w.privateGroup = hubtest.BySlug(t, app, "groups", hubtest.PrivateGroupSlug).Id
	m, err := app.FindFirstRecordByFilter("memberships", "user = {:u}", map[string]any{"u": w.family.Id})
	if err != nil {
		t.Fatal(err)
	}
	w.myMembership, w.familyGroup = m.Id, m.GetString("group")
	m, _ = app.FindFirstRecordByFilter("memberships", "user = {:u}", map[string]any{"u": w.other.Id})
	w.othersMembership = m.Id
	buildAppointments(t, app, &w)
	return w
}

// agreementCase is one write a person makes, as a sync mutation and as the
// records API request the PWA made before sync.
type agreementCase struct {
	name, email string
	mutation    string
	args        func(w world) map[string]any
	api         func(w world, me *core.Record) hubtest.Request
	// the record to compare afterwards ("" id: the caller's own profile)
	collection string
	id         func(w world) string
	applied    bool
}

type pair struct {
	args func(w world) map[string]any
	api  func(w world, me *core.Record) hubtest.Request
}

const newReg, newMem = "regnew000000001", "memnew000000001"

func reg(activity func(w world) string, adults int) pair {
	return pair{func(w world) map[string]any {
		return map[string]any{"registration": newReg, "activity": activity(w), "adults": adults, "children": 1}
	}, func(w world, me *core.Record) hubtest.Request {
		return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
			Body: map[string]any{"id": newReg, "activity": activity(w), "user": me.Id, "adults": adults, "children": 1, "status": "going"}}
	}}
}

func change(id func(w world) string, body, args map[string]any) pair {
	return pair{func(w world) map[string]any {
		a := map[string]any{"registration": id(w)}
		for k, v := range args {
			a[k] = v
		}
		return a
	}, func(w world, me *core.Record) hubtest.Request {
		return hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/registrations/records/" + id(w), Body: body}
	}}
}

func join(group func(w world) string) pair {
	return pair{func(w world) map[string]any { return map[string]any{"membership": newMem, "group": group(w)} },
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/memberships/records",
				Body: map[string]any{"id": newMem, "group": group(w), "user": me.Id}}
		}}
}

func leave(id func(w world) string) pair {
	return pair{func(w world) map[string]any { return map[string]any{"membership": id(w)} },
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodDelete, URL: "/api/collections/memberships/records/" + id(w)}
		}}
}

func profile(body map[string]any) pair {
	return pair{func(w world) map[string]any { return body },
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/users/records/" + me.Id, Body: body}
		}}
}

func agreementCases() []agreementCase {
	open := func(w world) string { return w.open }
	full := func(w world) string { return w.full }
	free := func(w world) string { return w.free }
	mine := func(w world) string { return w.mine }
	others := func(w world) string { return w.others }
	newRegID := func(world) string { return newReg }
	newMemID := func(world) string { return newMem }
	me := func(world) string { return "" }
	const family, other, assoc, mediator, staff = hubtest.FamilyEmail, hubtest.OtherFamilyEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail, hubtest.StaffEmail

	var cases []agreementCase
	add := func(name, email, mutation string, p pair, collection string, id func(w world) string, applied bool) {
		cases = append(cases, agreementCase{name, email, mutation, p.args, p.api, collection, id, applied})
	}
	for _, email := range []string{family, assoc, mediator, staff} {
		isStaff := email == staff
		add("register for an open activity", email, "register", reg(free, 2), "registrations", newRegID, true)
		add("register for a full activity (waiting list)", email, "register", reg(full, 1), "registrations", newRegID, true)
		add("register where none is needed", email, "register", reg(func(w world) string { return w.dropIn }, 1), "registrations", newRegID, isStaff)
		add("register after the start", email, "register", reg(func(w world) string { return w.started }, 1), "registrations", newRegID, false)
		add("register for a hidden proposal", email, "register", reg(func(w world) string { return w.hidden }, 1), "registrations", newRegID, false)
		add("register with no adult", email, "register", reg(free, 0), "registrations", newRegID, false)
		add("change someone else's registration", email, "change_registration",
			change(others, map[string]any{"status": "going", "adults": 3, "children": 0}, map[string]any{"adults": 3, "children": 0}), "registrations", others, isStaff)
		add("cancel someone else's registration", email, "cancel_registration",
			change(others, map[string]any{"status": "cancelled"}, nil), "registrations", others, isStaff)
		add("join an open group", email, "join_group", join(func(w world) string { return w.openGroup }), "memberships", newMemID, true)
		add("join a group by approval", email, "join_group", join(func(w world) string { return w.approvalGroup }), "memberships", newMemID, true)
		add("join a private group", email, "join_group", join(func(w world) string { return w.privateGroup }), "memberships", newMemID, isStaff)
		add("leave someone else's group", email, "leave_group", leave(func(w world) string { return w.othersMembership }), "memberships",
			func(w world) string { return w.othersMembership }, isStaff)
		add("change the municipality", email, "update_profile", profile(map[string]any{"municipality": "Soresina", "name": "Nome"}), "users", me, true)
		add("an unknown language", email, "update_profile", profile(map[string]any{"languages": []string{"xx"}}), "users", me, false)
	}
	add("change one's registration", family, "change_registration",
		change(mine, map[string]any{"status": "going", "adults": 2, "children": 1}, map[string]any{"adults": 2, "children": 1}), "registrations", mine, true)
	add("more people than a registration may bring", family, "change_registration",
		change(mine, map[string]any{"status": "going", "adults": 11, "children": 0}, map[string]any{"adults": 11, "children": 0}), "registrations", mine, false)
	add("cancel one's registration", family, "cancel_registration", change(mine, map[string]any{"status": "cancelled"}, nil), "registrations", mine, true)
	add("register twice", family, "register", reg(open, 1), "registrations", newRegID, false)
	add("join a group twice", family, "join_group", join(func(w world) string { return w.familyGroup }), "memberships", newMemID, false)
	add("leave one's group", family, "leave_group", leave(func(w world) string { return w.myMembership }), "memberships",
		func(w world) string { return w.myMembership }, true)
	add("take an id that exists", other, "register", pair{
		func(w world) map[string]any {
			return map[string]any{"registration": w.mine, "activity": w.full, "adults": 1, "children": 0}
		}, func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
				Body: map[string]any{"id": w.mine, "activity": w.full, "user": me.Id, "adults": 1, "children": 0}}
		}}, "registrations", mine, false)
	return append(cases, appointmentCases()...)
}

// TestMutationsAgreeWithTheRecordsAPI runs every case twice on identical
// apps, once as a sync mutation and once as the records API request, and
// compares what the person gets (applied, or the same status, code and
// Italian message) and what the database holds afterwards.
func TestMutationsAgreeWithTheRecordsAPI(t *testing.T) {
	for _, c := range agreementCases() {
		t.Run(c.email+"/"+c.name, func(t *testing.T) {
			viaMutation, viaAPI := hubtest.NewApp(t), hubtest.NewApp(t)
			defer viaMutation.Cleanup()
			defer viaAPI.Cleanup()
			wm, wa := build(t, viaMutation), build(t, viaAPI)

			out := one(t, viaMutation, hubtest.Token(t, viaMutation, "users", c.email), c.mutation, c.args(wm))
			meA, _ := viaAPI.FindAuthRecordByEmail("users", c.email)
			req := c.api(wa, meA)
			req.Token = hubtest.Token(t, viaAPI, "users", c.email)
			req.Header = map[string]string{"Accept-Language": "it"}
			res := hubtest.Do(t, viaAPI, req)

			apiApplied := res.Status < 300
			if apiApplied != c.applied || (out.Status == "applied") != c.applied {
				t.Fatalf("want applied=%v; records API %d %s; mutation %s %+v", c.applied, res.Status, res.Body, out.Status, out.Error)
			}
			if !apiApplied {
				var e struct {
					Message string
					Data    map[string]struct{ Code, Message string }
				}
				res.JSON(t, &e)
				code := fmt.Sprintf("error_status_%d", res.Status)
				if len(e.Data) == 1 {
					for _, d := range e.Data {
						code = d.Code
					}
				}
				if out.Error.Status != res.Status || out.Error.Code != code || out.Error.Message != e.Message {
					t.Errorf("records API %d %s %q; mutation %d %s %q", res.Status, code, e.Message, out.Error.Status, out.Error.Code, out.Error.Message)
				}
			}
			id := c.id(wm)
			if id == "" {
				me, _ := viaMutation.FindAuthRecordByEmail("users", c.email)
				id = me.Id
			}
			if got, want := snapshot(viaMutation, c.collection, id), snapshot(viaAPI, c.collection, id); !reflect.DeepEqual(got, want) {
				t.Errorf("afterwards\nmutation:   %v\nrecords API: %v", got, want)
			}
			if got, want := seats(viaMutation), seats(viaAPI); !reflect.DeepEqual(got, want) {
				t.Errorf("seats taken: mutation %v, records API %v", got, want)
			}
		})
	}
}

// snapshot is what a person would notice of a record ("absent" if none).
func snapshot(app core.App, collection, id string) map[string]any {
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return map[string]any{"absent": true}
	}
	out := map[string]any{}
	for _, f := range []string{"status", "adults", "children", "user", "activity", "group", "municipality", "name", "role",
		"topic", "message", "contact_method", "contact_phone", "contact_email", "language"} {
		if r.Collection().Fields.GetByName(f) != nil {
			out[f] = r.Get(f)
		}
	}
	for _, f := range accounts.ProfileFields {
		if r.Collection().Fields.GetByName(f) != nil {
			out[f] = fmt.Sprint(r.Get(f))
		}
	}
	return out
}

func seats(app core.App) map[string]int {
	out := map[string]int{}
	for _, id := range []string{"actopen00000001", "actfree00000001", "actfull00000001"} {
		a, _ := app.FindRecordById("activities", id)
		out[id] = a.GetInt("seats_taken")
	}
	return out
}
