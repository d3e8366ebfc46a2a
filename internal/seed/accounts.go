package seed

import (
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"
)

// Account is a demo login, one per role.
type Account struct {
	Role, Email, Password, Name string
	Languages, AgeBands         []string
	Organization                string // slug of the organization the account belongs to
}

// Superuser is the demo operator of the admin UI.
var Superuser = Account{Role: "superuser", Email: "admin@hug.test", Password: "admin-demo-2026"}

// Accounts are the demo users. The passwords are public on purpose: they are
// printed at start and in the README, for a demo install only.
var Accounts = []Account{
	{Role: "family", Email: "famiglia@hug.test", Password: "famiglia-demo-2026", Name: "Famiglia Demo",
		Languages: []string{"ar", "it"}, AgeBands: []string{"0-3", "3-6"}},
	{Role: "association", Email: "associazione@hug.test", Password: "associazione-demo-2026", Name: "Sol.Co. Demo",
		Languages: []string{"it"}, Organization: "consorzio-solco"},
	{Role: "mediator", Email: "mediatrice@hug.test", Password: "mediatrice-demo-2026", Name: "Mediatrice Demo",
		Languages: []string{"it", "ar", "fr"}},
	{Role: "staff", Email: "staff@hug.test", Password: "staff-demo-2026", Name: "Operatrice Hug",
		Languages: []string{"it", "en"}},
}

// ensureSuperuser adds the demo superuser unless it exists; added says so.
func ensureSuperuser(txApp core.App) (added bool, err error) {
	if _, err := txApp.FindAuthRecordByEmail(core.CollectionNameSuperusers, Superuser.Email); err == nil {
		return false, nil
	}
	collection, err := txApp.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return false, err
	}
	su := core.NewRecord(collection)
	su.SetEmail(Superuser.Email)
	su.SetPassword(Superuser.Password)
	return true, txApp.Save(su)
}

func ensureAccount(txApp core.App, a Account) (*core.Record, error) {
	if user, err := txApp.FindAuthRecordByEmail("users", a.Email); err == nil {
		return user, nil
	}
	collection, err := txApp.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return nil, err
	}
	user := core.NewRecord(collection)
	user.SetEmail(a.Email)
	user.SetPassword(a.Password)
	user.SetVerified(true)
	user.Set("name", a.Name)
	user.Set("role", a.Role)
	user.Set("languages", a.Languages)
	user.Set("children_age_bands", a.AgeBands)
	user.Set("municipality", "Cremona")
	return user, txApp.Save(user)
}

// Logins are every demo login: the superuser, then one account per role.
func Logins() []Account {
	return append([]Account{Superuser}, Accounts...)
}

// PrintLogins writes the demo logins for the start banner, saying how many
// it lists.
func PrintLogins(w io.Writer) {
	logins := Logins()
	fmt.Fprintf(w, "Demo logins (%d accounts, demo data only):\n", len(logins))
	for _, a := range logins {
		note := ""
		if a.Role == Superuser.Role {
			note = "   (admin UI)"
		}
		fmt.Fprintf(w, "  %-12s %-24s %s%s\n", a.Role, a.Email, a.Password, note)
	}
}
