package hubtest

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Test-only people and records, added to the seeded template so that every
// role has something of its own and something of somebody else's.
const (
	FamilyEmail       = "famiglia@hug.test"           // seeded family
	OtherFamilyEmail  = "altra.famiglia@hug.test"     // another family
	NewAssocEmail     = "nuova.associazione@hug.test" // member of an unverified organization
	VerifiedEmail     = "associazione@hug.test"       // seeded, member of Sol.Co. (verified)
	MediatorEmail     = "mediatrice@hug.test"
	StaffEmail        = "staff@hug.test"
	SuperuserEmail    = "admin@hug.test"
	UnverifiedOrgSlug = "associazione-in-attesa"
	PendingSlug       = "proposta-in-attesa"
	PrivateGroupSlug  = "gruppo-riservato"
	StaffDraftSlug    = "bozza-dello-staff" // no proposer: nobody's "own"

	// The family's push subscription and a delivery queued for it (rows of
	// the access matrix: superusers only).
	PushEndpoint     = "https://push.invalid/fixture" // outside the allowlist: never posted to
	PushNotification = "fixture-notification"
	// NotificationNotice is the notice of the other family's inbox row.
	NotificationNotice = "fixturenotice1"

	// A translation draft of ape-1's title, by the mediator.
	MediatorDraftText = "Brouillon de la médiatrice"
	// The Italian titles of the fixture announcements.
	AnnouncementForAll  = "Avviso per tutti"
	AnnouncementPrivate = "Avviso al gruppo riservato"
	// The day of the fixture's row of appointment_counts.
	AppointmentCountsDay = "2019-06-15"
	// The day of the fixture's row of hub_reads (superusers only).
	ReadsDay = "2019-06-16"
)

func addFixtures(app core.App) error {
	save := func(collection string, data map[string]any) (*core.Record, error) {
		c, err := app.FindCachedCollectionByNameOrId(collection)
		if err != nil {
			return nil, err
		}
		r := core.NewRecord(c)
		r.Load(data)
		if pw, ok := data["password"].(string); ok {
			r.SetPassword(pw)
		}
		if err := app.Save(r); err != nil {
			return nil, fmt.Errorf("fixture %s: %w", collection, err)
		}
		return r, nil
	}
	find := func(collection, slug string) string {
		r, _ := app.FindFirstRecordByData(collection, "slug", slug)
		if r == nil {
			return ""
		}
		return r.Id
	}

	other, err := save("users", map[string]any{"email": OtherFamilyEmail, "password": "password-123", "role": "family", "name": "Altra Famiglia"})
	if err != nil {
		return err
	}
	assoc, err := save("users", map[string]any{"email": NewAssocEmail, "password": "password-123", "role": "association", "name": "Nuova Associazione"})
	if err != nil {
		return err
	}
	steps := []struct {
		collection string
		data       map[string]any
	}{
		{"organizations", map[string]any{"slug": UnverifiedOrgSlug, "name": "Associazione in attesa", "kind": "association", "members": []string{assoc.Id}}},
		{"groups", map[string]any{"slug": PrivateGroupSlug, "name": map[string]string{"it": "Gruppo riservato"}, "join_policy": "approval", "public": false}},
		{"activities", map[string]any{"slug": PendingSlug, "title": map[string]string{"it": "Proposta in attesa"}, "kind": "meeting",
			"starts_at": InDays(60, "10:00"), "ends_at": InDays(60, "11:00"), "status": "pending", "proposer": other.Id}},
		{"activities", map[string]any{"slug": StaffDraftSlug, "title": map[string]string{"it": "Bozza dello staff"}, "kind": "meeting",
			"starts_at": InDays(61, "10:00"), "ends_at": InDays(61, "11:00"), "status": "draft"}},
		{"memberships", map[string]any{"group": find("groups", "0-6-anni"), "user": other.Id, "status": "active"}},
		{"registrations", map[string]any{"activity": find("activities", "ape-1"), "user": other.Id, "adults": 1, "children": 2, "status": "going"}},
		{"appointment_requests", map[string]any{"user": other.Id, "topic": "listening", "message": "Vorrei parlare con qualcuno", "status": "new"}},
		{"notifications", map[string]any{"user": other.Id, "notice": NotificationNotice, "kind": "reminder", "title": map[string]any{"id": "notify_reminder_title"}}},
		// A report of ape-2 by the other family (internal/reports), still open.
		{"reports", map[string]any{"activity": find("activities", "ape-2"), "reporter": other.Id, "reason": "misleading", "text": "Data sbagliata", "status": "open"}},
		{"audit_log", map[string]any{"actor_id": "fixture", "actor_name": "Fixture", "action": "approve", "target_collection": "activities", "target_id": "fixture", "to_status": "approved"}},
	}
	for _, s := range steps {
		if _, err := save(s.collection, s.data); err != nil {
			return err
		}
	}
	family, err := app.FindAuthRecordByEmail("users", FamilyEmail)
	if err != nil {
		return err
	}
	sub, err := save("push_subscriptions", map[string]any{"endpoint": PushEndpoint, "user": family.Id, "language": "it", "receive": map[string]any{},
		"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg"})
	if err != nil {
		return err
	}
	if _, err := save("push_deliveries", map[string]any{"subscription": sub.Id, "notification": PushNotification, "payload": "{}", "state": "sent"}); err != nil {
		return err
	}
	// Announcements: one to everyone, one to the private group (rows of
	// the access matrix).
	for _, a := range []map[string]any{
		{"title": map[string]string{"it": AnnouncementForAll}, "body": map[string]string{"it": "Il centro resta aperto."}},
		{"title": map[string]string{"it": AnnouncementPrivate}, "body": map[string]string{"it": "Solo per il gruppo."}, "group": find("groups", PrivateGroupSlug)},
	} {
		a["status"], a["published_at"] = "published", InDays(0, "09:00")
		if _, err := save("announcements", a); err != nil {
			return err
		}
	}
	// A mediator's translation draft (a row of the access matrix).
	mediator, err := app.FindAuthRecordByEmail("users", MediatorEmail)
	if err != nil {
		return err
	}
	if _, err := save("translation_drafts", map[string]any{"target_collection": "activities", "target_id": find("activities", "ape-1"),
		"field": "title", "language": "fr", "text": MediatorDraftText, "author": mediator.Id}); err != nil {
		return err
	}
	solco, err := app.FindFirstRecordByData("organizations", "slug", "consorzio-solco")
	if err != nil {
		return err
	}
	event, err := app.FindFirstRecordByFilter("activities", "organization = {:org}", map[string]any{"org": solco.Id})
	if err != nil {
		return fmt.Errorf("the seed has no Sol.Co. activity: %w", err)
	}
	if _, err = save("registrations", map[string]any{"activity": event.Id, "user": other.Id, "adults": 2, "children": 1, "status": "going"}); err != nil {
		return err
	}
	// A revision of Sol.Co.'s published activity, waiting for staff, and a
	// check-in of the other family at ape-1: rows of the access matrix.
	if _, err := save("activity_revisions", map[string]any{"activity": event.Id, "fields": map[string]any{"summary": map[string]string{"it": "Sintesi rivista"}}, "status": "pending"}); err != nil {
		return err
	}
	going, err := app.FindFirstRecordByFilter("registrations", "user = {:u} && activity = {:a}", map[string]any{"u": other.Id, "a": find("activities", "ape-1")})
	if err != nil {
		return err
	}
	_, err = save("attendance", map[string]any{"id": going.Id, "activity": going.GetString("activity"), "registration": going.Id, "present": true, "adults": 1, "children": 2, "marked_at": InDays(0, "10:00")})
	if err != nil {
		return err
	}
	// What the figures keep of requests the retention deleted (a day far
	// from every figures test's period): a row of the access matrix.
	if _, err = save("appointment_counts", map[string]any{"day": AppointmentCountsDay, "requests": 2}); err != nil {
		return err
	}
	// A day's reads of ape-1 (internal/reads): a row of the access matrix.
	_, err = save("hub_reads", map[string]any{"target_collection": "activities", "target_id": find("activities", "ape-1"), "day": ReadsDay, "count": 3})
	return err
}
