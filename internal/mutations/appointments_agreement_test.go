package mutations_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// The appointment requests of the agreement table: the family's own, new
// and with a proposed date, and another family's with a proposed date.
func buildAppointments(t *testing.T, app *tests.TestApp, w *world) {
	t.Helper()
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale").Id
	at := time.Now().Add(10 * 24 * time.Hour).UTC().Truncate(time.Hour)
	save := func(id string, user *core.Record, data map[string]any) string {
		c, _ := app.FindCollectionByNameOrId("appointment_requests")
		r := core.NewRecord(c)
		r.Id = id
		r.Load(map[string]any{"user": user.Id, "topic": "listening", "message": "Vorrei parlare", "contact_method": "phone",
			"contact_phone": "333 1234567", "language": "it", "status": "new"})
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("appointment %s: %v", id, err)
		}
		return id
	}
	proposed := map[string]any{"status": "proposed", "proposed_at": at, "proposed_place": place}
	w.apptNew = save("aptnew000000001", w.family, nil)
	w.apptProposed = save("aptprop00000001", w.family, proposed)
	w.apptOthers = save("aptother0000001", w.other, proposed)
}

const newAppt = "aptnewx00000001"

func askAppointment(body map[string]any) pair {
	return pair{func(world) map[string]any {
		a := map[string]any{"appointment": newAppt}
		for k, v := range body {
			a[k] = v
		}
		return a
	}, func(w world, me *core.Record) hubtest.Request {
		b := map[string]any{"id": newAppt, "user": me.Id}
		for k, v := range body {
			b[k] = v
		}
		return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/appointment_requests/records", Body: b}
	}}
}

func moveAppointment(id func(w world) string, status string) pair {
	return pair{func(w world) map[string]any { return map[string]any{"appointment": id(w)} },
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/appointment_requests/records/" + id(w), Body: map[string]any{"status": status}}
		}}
}

func deleteAppointment(id func(w world) string) pair {
	return pair{func(w world) map[string]any { return map[string]any{"appointment": id(w)} },
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodDelete, URL: "/api/collections/appointment_requests/records/" + id(w)}
		}}
}

// appointmentCases: every appointment mutation, allowed and refused, for
// the requesting family, another family (the family acting on the other's
// request), an association member, a mediator and staff. (A guest has no
// mutations: POST /api/hub/mutations needs a session.)
func appointmentCases() []agreementCase {
	var cases []agreementCase
	add := func(name, email, mutation string, p pair, id func(w world) string, applied bool) {
		cases = append(cases, agreementCase{name, email, mutation, p.args, p.api, "appointment_requests", id, applied})
	}
	created := func(world) string { return newAppt }
	myNew := func(w world) string { return w.apptNew }
	myProposed := func(w world) string { return w.apptProposed }
	others := func(w world) string { return w.apptOthers }
	full := map[string]any{"topic": "parenting_consultation", "preferred_days": []string{"2", "4"}, "preferred_parts": []string{"morning"},
		"preferred_times": "non il venerdì", "message": "<b>Aiuto</b> con i compiti", "contact_method": "email", "contact_email": "mamma@example.org"}
	const family, other, assoc, mediator, staff = hubtest.FamilyEmail, hubtest.OtherFamilyEmail, hubtest.VerifiedEmail, hubtest.MediatorEmail, hubtest.StaffEmail
	for _, email := range []string{family, assoc, mediator, staff} {
		isStaff := email == staff
		add("ask for an appointment", email, "request_appointment", askAppointment(full), created, true)
		add("ask with a phone", email, "request_appointment", askAppointment(map[string]any{"topic": "listening", "contact_phone": "+39 333 1234567"}), created, true)
		add("ask with no contact", email, "request_appointment", askAppointment(map[string]any{"topic": "listening"}), created, false)
		add("ask about an unknown topic", email, "request_appointment", askAppointment(map[string]any{"topic": "astrology", "contact_phone": "3331234567"}), created, false)
		add("ask with a message too long", email, "request_appointment",
			askAppointment(map[string]any{"topic": "other", "contact_phone": "3331234567", "message": strings.Repeat("a", 1001)}), created, false)
		add("confirm another family's date", email, "confirm_appointment", moveAppointment(others, "confirmed"), others, isStaff)
		add("ask another family's other date", email, "ask_another_date", moveAppointment(others, "another_asked"), others, isStaff)
		add("withdraw another family's request", email, "withdraw_appointment", moveAppointment(others, "withdrawn"), others, false)
		add("delete another family's request", email, "delete_appointment", deleteAppointment(others), others, isStaff)
	}
	add("confirm the proposed date", family, "confirm_appointment", moveAppointment(myProposed, "confirmed"), myProposed, true)
	add("confirm when no date is proposed", family, "confirm_appointment", moveAppointment(myNew, "confirmed"), myNew, false)
	add("ask for another date", family, "ask_another_date", moveAppointment(myProposed, "another_asked"), myProposed, true)
	add("ask for another date when none is proposed", family, "ask_another_date", moveAppointment(myNew, "another_asked"), myNew, false)
	add("withdraw one's request", family, "withdraw_appointment", moveAppointment(myNew, "withdrawn"), myNew, true)
	add("withdraw after a proposal", family, "withdraw_appointment", moveAppointment(myProposed, "withdrawn"), myProposed, true)
	add("delete one's request", family, "delete_appointment", deleteAppointment(myProposed), myProposed, true)
	add("ask with another's id", other, "request_appointment", pair{
		func(w world) map[string]any {
			return map[string]any{"appointment": w.apptNew, "topic": "listening", "contact_phone": "3331234567"}
		},
		func(w world, me *core.Record) hubtest.Request {
			return hubtest.Request{Method: http.MethodPost, URL: "/api/collections/appointment_requests/records",
				Body: map[string]any{"id": w.apptNew, "user": me.Id, "topic": "listening", "contact_phone": "3331234567"}}
		}}, myNew, false)
	return cases
}
