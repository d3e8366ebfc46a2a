package signin

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

var authPath = regexp.MustCompile(`^/api/collections/([^/]+)/(auth-with-password|auth-with-otp)$`)

// guard stands in front of PocketBase's password and code sign-in and
// spends the attempt from the budgets of the account, from this address and
// from everywhere, before PocketBase checks it. PocketBase's own limiter
// keys on the address only (pb_migrations: "*:auth"), which on a shared
// Wi-Fi pauses everyone for one person's mistakes.
func guard(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodPost {
		return e.Next()
	}
	m := authPath.FindStringSubmatch(e.Request.URL.Path)
	if m == nil {
		return e.Next()
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(m[1])
	if err != nil || !collection.IsAuth() {
		return e.Next()
	}
	if m[2] == "auth-with-password" {
		return guardPassword(e, collection)
	}
	return guardCode(e, collection)
}

func guardPassword(e *core.RequestEvent, collection *core.Collection) error {
	var form struct {
		Identity string `json:"identity" form:"identity"`
	}
	if err := e.BindBody(&form); err != nil || form.Identity == "" {
		return e.Next() // PocketBase answers the malformed request
	}
	// Keyed on the typed identity, lower case, whether or not an account
	// has it: an unknown address pauses exactly like a known one.
	account := passwordKey(collection, form.Identity)
	if wait, ok := within(e, account, passwordAccount); !ok {
		return paused(e, "identity", "signin_password_paused", "Too many wrong passwords for this account", wait)
	}
	err := e.Next()
	if err == nil {
		return forget(e.App, account)
	}
	return err
}

func guardCode(e *core.RequestEvent, collection *core.Collection) error {
	var form struct {
		OTPId string `json:"otpId" form:"otpId"`
	}
	if err := e.BindBody(&form); err != nil || form.OTPId == "" {
		return e.Next()
	}
	otp, err := e.App.FindOTPById(form.OTPId)
	if err != nil || otp.CollectionRef() != collection.Id {
		return e.Next() // PocketBase answers "invalid or expired"
	}
	tries, _, err := spend(e.App, oneCodeKey(otp.Id), oneCode)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if tries > oneCode.attempts {
		return killCode(e, otp, e.BadRequestError("Invalid or expired OTP", nil))
	}
	account := codeKey(otp.RecordRef())
	if wait, ok := within(e, account, codeAccount); !ok {
		return paused(e, "password", "signin_code_paused", "Too many wrong codes for this account", wait)
	}
	err = e.Next()
	if err == nil {
		// The person proved they read their mailbox: every budget of the
		// account comes back, the password's too.
		keys := []string{account, oneCodeKey(otp.Id)}
		if record, findErr := e.App.FindRecordById(collection, otp.RecordRef()); findErr == nil {
			keys = append(keys, passwordKey(collection, record.Email()))
		}
		return forget(e.App, keys...)
	}
	if tries >= oneCode.attempts {
		return killCode(e, otp, err)
	}
	return err
}

// killCode deletes a code that has had its tries, then answers with err.
func killCode(e *core.RequestEvent, otp *core.OTP, err error) error {
	if delErr := e.App.Delete(otp); delErr != nil {
		e.App.Logger().Error("Failed to delete a code past its tries", "otpId", otp.Id, "error", delErr)
	}
	_ = forget(e.App, oneCodeKey(otp.Id))
	return err
}

// within spends one attempt of account from this address and from
// everywhere; ok is false, with the wait, when either budget is spent.
func within(e *core.RequestEvent, account string, accountBudget budget) (time.Duration, bool) {
	budgets := []struct {
		key string
		b   budget
	}{
		{account + "@" + e.RealIP(), fromAddress(accountBudget)},
		{account, accountBudget},
	}
	for _, k := range budgets {
		n, wait, err := spend(e.App, k.key, k.b)
		if err != nil {
			e.App.Logger().Error("Failed to count a sign-in attempt", "error", err)
			return time.Minute, false // fail closed: a guess is never free
		}
		if n > k.b.attempts {
			return wait, false
		}
	}
	return 0, true
}

func fromAddress(accountBudget budget) budget {
	if accountBudget == codeAccount {
		return codeFromAddress
	}
	return passwordFromAddress
}

// paused answers 429 with Retry-After and a stable code on the field
// (localized by internal/i18n).
func paused(e *core.RequestEvent, field, code, message string, wait time.Duration) error {
	e.Response.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return e.TooManyRequestsError("", map[string]any{field: validation.NewError(code, message)})
}
