package mutations

import (
	"github.com/cremona/hug/internal/registration"
)

// The answers to seats offered from the waiting list
// (internal/registration/offers.go), through the registration's update
// rule, as the records API's PATCH would be.
func init() {
	Register("confirm_offer", confirmOffer)
	Register("decline_offer", declineOffer)
}

// OfferArgs names the registration an offer was made to.
type OfferArgs struct {
	Registration string `json:"registration"`
}

func (a *OfferArgs) Validate() error {
	return checkRecordID("registration", a.Registration)
}

func confirmOffer(c *Call, a *OfferArgs) (Result, error) {
	reg, err := c.Find("registrations", a.Registration)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(reg, map[string]any{"status": "going"}); err != nil {
		return Result{}, err
	}
	err = registration.ConfirmOffer(c.App, reg, func() error { return c.Save(reg) })
	return seatsResult(reg, err)
}

func declineOffer(c *Call, a *OfferArgs) (Result, error) {
	reg, err := c.Find("registrations", a.Registration)
	if err != nil {
		return Result{}, err
	}
	if err := c.AllowUpdate(reg, map[string]any{"status": "cancelled"}); err != nil {
		return Result{}, err
	}
	err = registration.DeclineOffer(c.App, reg, func() error { return c.Save(reg) })
	if err != nil {
		return Result{}, err
	}
	return Result{Record: reg}, nil
}
