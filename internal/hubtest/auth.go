package hubtest

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Token returns an auth token for a user or superuser of app, by email.
func Token(t testing.TB, app core.App, collection, email string) string {
	t.Helper()
	record, err := app.FindAuthRecordByEmail(collection, email)
	if err != nil {
		t.Fatalf("no %s %s: %v", collection, email, err)
	}
	token, err := record.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// NewUser adds a user with a role to app and returns it.
func NewUser(t testing.TB, app *tests.TestApp, email, role string) *core.Record {
	t.Helper()
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	user := core.NewRecord(users)
	user.SetEmail(email)
	user.SetPassword("password-123")
	user.Set("role", role)
	user.Set("name", email)
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}
	return user
}

// BySlug finds a seeded record.
func BySlug(t testing.TB, app core.App, collection, slug string) *core.Record {
	t.Helper()
	record, err := app.FindFirstRecordByData(collection, "slug", slug)
	if err != nil {
		t.Fatalf("%s %q: %v", collection, slug, err)
	}
	return record
}
