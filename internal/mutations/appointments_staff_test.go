package mutations_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// familyRequest is a new request of the family with that e-mail, as its
// phone would have sent it.
func familyRequest(t *testing.T, app *tests.TestApp, email, status string) string {
	t.Helper()
	user, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := app.FindCollectionByNameOrId("appointment_requests")
	r := core.NewRecord(c)
	r.Load(map[string]any{"user": user.Id, "topic": "listening", "message": "Vorrei parlare", "contact_method": "phone",
		"contact_phone": "333 1234567", "language": "it", "status": status})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// appointmentState is what a test compares before and after a refusal:
// the request's stored fields and the number of audit lines.
func appointmentState(t *testing.T, app core.App, id string) string {
	t.Helper()
	r, err := app.FindRecordById("appointment_requests", id)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := app.CountRecords("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	return r.GetString("status") + "|" + r.GetString("proposed_at") + "|" + r.GetString("proposed_place") + "|" +
		r.GetString("staff_reply") + "|" + r.GetString("updated") + "|" + time.Duration(lines).String()
}

func inDays(days int) string {
	return time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339)
}

// TestOnlyStaffProposeAndClose: propose_appointment and close_appointment
// refused with 403 staff_only to a family (on its own request and on
// another's), an association member and a mediator, nothing written;
// staff propose (the family's request gets the date, place and note, and
// an audit line) and close it.
func TestOnlyStaffProposeAndClose(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	own := familyRequest(t, app, hubtest.FamilyEmail, "new")
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale").Id
	for _, who := range []struct{ name, email, request string }{
		{"family, own request", hubtest.FamilyEmail, own},
		{"another family", hubtest.OtherFamilyEmail, own},
		{"association", hubtest.VerifiedEmail, own},
		{"mediator", hubtest.MediatorEmail, own},
	} {
		before := appointmentState(t, app, who.request)
		token := hubtest.Token(t, app, "users", who.email)
		for name, args := range map[string]map[string]any{
			"propose_appointment": {"appointment": who.request, "at": inDays(7), "place": place, "note": "Citofono 2"},
			"close_appointment":   {"appointment": who.request},
		} {
			out := one(t, app, token, name, args)
			if out.Status != "rejected" || out.Error == nil || out.Error.Status != 403 || out.Error.Code != "staff_only" {
				t.Errorf("%s, %s: %+v %+v", who.name, name, out, out.Error)
			}
		}
		if after := appointmentState(t, app, who.request); after != before {
			t.Errorf("%s changed the request: %s -> %s", who.name, before, after)
		}
	}

	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	at := inDays(7)
	if out := one(t, app, staff, "propose_appointment", map[string]any{"appointment": own, "at": at, "place": place, "note": "Citofono 2"}); out.Status != "applied" {
		t.Fatalf("staff propose: %+v %+v", out, out.Error)
	}
	r, _ := app.FindRecordById("appointment_requests", own)
	want, _ := time.Parse(time.RFC3339, at)
	if r.GetString("status") != "proposed" || !r.GetDateTime("proposed_at").Time().Equal(want) || r.GetString("proposed_place") != place || r.GetString("staff_reply") != "Citofono 2" {
		t.Errorf("proposed: %v", r.PublicExport())
	}
	if out := one(t, app, staff, "close_appointment", map[string]any{"appointment": own}); out.Status != "applied" {
		t.Fatalf("staff close: %+v %+v", out, out.Error)
	}
	audit, _ := app.FindRecordsByFilter("audit_log", "target_id = {:id}", "seq", 0, 0, map[string]any{"id": own})
	var moves []string
	for _, a := range audit {
		moves = append(moves, a.GetString("from_status")+">"+a.GetString("to_status"))
	}
	if len(moves) != 2 || moves[0] != "new>proposed" || moves[1] != "proposed>done" {
		t.Errorf("audit: %v", moves)
	}
}

// TestABadProposalIsRefusedAndWritesNothing: staff proposing a date in the
// past, a place the hub does not know, on a request already done or
// withdrawn, or closing one, are refused with the code on the field and
// the message in their language (Italian here); the request and the audit
// log stay as they were.
func TestABadProposalIsRefusedAndWritesNothing(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	open := familyRequest(t, app, hubtest.FamilyEmail, "new")
	done := familyRequest(t, app, hubtest.FamilyEmail, "done")
	withdrawn := familyRequest(t, app, hubtest.FamilyEmail, "withdrawn")
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale").Id
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	for _, c := range []struct {
		name, mutation     string
		args               map[string]any
		field, code, words string
	}{
		{"a date in the past", "propose_appointment", map[string]any{"appointment": open, "at": inDays(-1), "place": place},
			"proposed_at", "appointment_proposal_past", "La data proposta deve essere nel futuro."},
		{"no date", "propose_appointment", map[string]any{"appointment": open, "place": place},
			"proposed_at", "appointment_proposal_incomplete", ""},
		{"an unknown place", "propose_appointment", map[string]any{"appointment": open, "at": inDays(3), "place": "nonexistent0001"},
			"proposed_place", "appointment_place_unknown", "Questo luogo non è uno di quelli del Centro."},
		{"a request done", "propose_appointment", map[string]any{"appointment": done, "at": inDays(3), "place": place},
			"status", "appointment_closed", "Questa richiesta è chiusa: non si può più modificare."},
		{"a request withdrawn", "propose_appointment", map[string]any{"appointment": withdrawn, "at": inDays(3), "place": place},
			"status", "appointment_closed", ""},
		{"closing a request done", "close_appointment", map[string]any{"appointment": done},
			"status", "appointment_closed", ""},
	} {
		id := c.args["appointment"].(string)
		before := appointmentState(t, app, id)
		out := one(t, app, staff, c.mutation, c.args)
		if out.Status != "rejected" || out.Error == nil {
			t.Errorf("%s: %+v", c.name, out)
			continue
		}
		field, _ := out.Error.Data[c.field].(map[string]any)
		if out.Error.Status != 400 || field["code"] != c.code || (c.words != "" && field["message"] != c.words) {
			t.Errorf("%s: %+v", c.name, out.Error)
		}
		if after := appointmentState(t, app, id); after != before {
			t.Errorf("%s wrote: %s -> %s", c.name, before, after)
		}
	}
}
