package mutations

import (
	"github.com/cremona/hug/internal/accounts"
)

// A person's own profile, through the users update rule (nobody makes
// themselves staff) and internal/accounts' rules.
func init() {
	Register("update_profile", updateProfile)
	Register("set_language", setLanguage)
}

// UpdateProfileArgs: the fields of accounts.ProfileFields that changed; a
// field left out stays as it is.
type UpdateProfileArgs struct {
	Name             *string   `json:"name"`
	Languages        *[]string `json:"languages"`
	ChildrenAgeBands *[]string `json:"children_age_bands"`
	Municipality     *string   `json:"municipality"`
}

func (a *UpdateProfileArgs) Validate() error {
	if a.Name == nil && a.Languages == nil && a.ChildrenAgeBands == nil && a.Municipality == nil {
		return badArgs("args")
	}
	return nil
}

func (a *UpdateProfileArgs) body() map[string]any {
	body := map[string]any{}
	if a.Name != nil {
		body["name"] = *a.Name
	}
	if a.Languages != nil {
		body["languages"] = *a.Languages
	}
	if a.ChildrenAgeBands != nil {
		body["children_age_bands"] = *a.ChildrenAgeBands
	}
	if a.Municipality != nil {
		body["municipality"] = *a.Municipality
	}
	return body
}

func updateProfile(c *Call, a *UpdateProfileArgs) (Result, error) {
	return saveProfile(c, a.body())
}

// SetLanguageArgs: the language the person chose in the app.
type SetLanguageArgs struct {
	Language string `json:"language"`
}

func (a *SetLanguageArgs) Validate() error {
	if a.Language == "" {
		return badArgs("language")
	}
	return nil
}

func setLanguage(c *Call, a *SetLanguageArgs) (Result, error) {
	me, err := c.Find("users", c.Auth.Id)
	if err != nil {
		return Result{}, err
	}
	return saveProfile(c, map[string]any{"languages": accounts.PreferLanguage(accounts.Languages(me), a.Language)})
}

func saveProfile(c *Call, body map[string]any) (Result, error) {
	me, err := c.Find("users", c.Auth.Id)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(me, body); err != nil {
		return Result{}, err
	}
	for _, field := range accounts.ProfileFields {
		if v, ok := body[field]; ok {
			me.Set(field, v)
		}
	}
	if err := c.Save(me); err != nil {
		return Result{}, err
	}
	return Result{Record: me}, nil
}
