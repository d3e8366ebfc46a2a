// Package signup holds what the hub asks of a person who creates their own
// account: that they accept the privacy notice the sign-up screen shows, in
// their language; the server records when.
package signup

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// AcceptedField is where the acceptance time is kept on a user.
const AcceptedField = "privacy_accepted_at"

// AcceptField is the sign-up form's "I accept" (not stored: the server
// stores the time instead).
const AcceptField = "privacy_accepted"

// ErrPrivacyRequired is a sign-up that did not accept the notice.
var ErrPrivacyRequired = validation.NewError("signup_privacy_required", "accept the privacy notice to create an account")

// AcceptPrivacy records that the person of user accepted the privacy notice
// at now, or refuses a sign-up without acceptance. Every path that creates
// an account for the person themselves calls it.
func AcceptPrivacy(user *core.Record, accepted bool, now time.Time) error {
	if !accepted {
		return validation.Errors{AcceptField: ErrPrivacyRequired}
	}
	user.Set(AcceptedField, now.UTC())
	return nil
}
