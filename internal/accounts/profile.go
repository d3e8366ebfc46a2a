package accounts

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// ProfileFields are what a person changes about themselves on the profile
// screen; e-mail, password and role have their own ways (PocketBase's
// e-mail change and password flows, staff).
var ProfileFields = []string{"name", "languages", "children_age_bands", "municipality"}

// PreferLanguage puts code first among a person's languages, keeping the
// others in their order: the language the app speaks to them in, and the
// one their e-mails and notifications use.
func PreferLanguage(languages []string, code string) []string {
	out := []string{code}
	for _, l := range languages {
		if l != code && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// Languages is a person's languages, most preferred first.
func Languages(user *core.Record) []string { return user.GetStringSlice("languages") }
