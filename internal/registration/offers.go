package registration

import (
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// OfferWindow is how long a family has to confirm seats offered to it.
const OfferWindow = 24 * time.Hour

// OfferCutoff: an offer never runs past this long before the start, so the
// seats can still go to the next family. When less than this remains when
// seats free, there is no time for a round of offers: the first waiting
// family that fits is given them at once (going), and told so on Home; a
// family on a waiting list still wants to come, and a seat left empty
// helps nobody.
const OfferCutoff = 2 * time.Hour

// offerUntil is when an offer made at t ends, or the zero time when there
// is no time left for offers (the seats are given at once).
func offerUntil(activity *core.Record, t time.Time) time.Time {
	last := activity.GetDateTime("starts_at").Time().Add(-OfferCutoff)
	if !last.After(t) {
		return time.Time{}
	}
	if until := t.Add(OfferWindow); until.Before(last) {
		return until
	}
	return last
}

// expired reports whether a registration's offer has run out at t.
func expired(reg *core.Record, t time.Time) bool {
	until := reg.GetDateTime("offer_until")
	return !until.IsZero() && !until.Time().After(t)
}

// confirm turns an open offer into seats: all the registration's people
// going. An offer past its time is refused with CodeOfferExpired even
// before the cron has passed it on: the change is refused whole.
func confirm(reg *core.Record) error {
	if reg.Original().GetString("status") != Offered {
		if expired(reg, now()) {
			return refusal("registration", CodeOfferExpired, "This offer has expired.")
		}
		return refusal("registration", CodeNoOffer, "There is no place offered to confirm.")
	}
	if expired(reg, now()) {
		return refusal("registration", CodeOfferExpired, "This offer has expired.")
	}
	reg.Set("status", Going)
	reg.Set("waiting", 0)
	reg.Set("queued", 0)
	reg.Set("offer_until", "")
	return nil
}

// ConfirmOffer confirms the offer made to reg (the confirm_offer
// mutation; the records API does the same with PATCH status "going"),
// saving with save in txApp's transaction.
func ConfirmOffer(txApp core.App, reg *core.Record, save func() error) error {
	if err := confirm(reg); err != nil {
		return err
	}
	return save()
}

// DeclineOffer gives back the seats offered to reg (the decline_offer
// mutation): a family that held no seat leaves the waiting list
// (cancelled); one already going keeps its seats and goes with the people
// they seat (the extra people it had asked for are dropped, children
// first). The seats pass to the next family (the save's hook).
func DeclineOffer(txApp core.App, reg *core.Record, save func() error) error {
	if reg.Original().GetString("status") != Offered {
		if expired(reg, now()) {
			return refusal("registration", CodeOfferExpired, "This offer has expired.")
		}
		return refusal("registration", CodeNoOffer, "There is no place offered to confirm.")
	}
	giveBackOffer(reg)
	reg.Set("offer_until", "")
	return save()
}

// giveBackOffer ends an offer without seating: see DeclineOffer.
func giveBackOffer(reg *core.Record) {
	seatedPart := people(reg) - reg.GetInt("waiting")
	reg.Set("waiting", 0)
	reg.Set("queued", 0)
	if seatedPart <= 0 {
		reg.Set("status", Cancelled)
		return
	}
	reg.Set("status", Going)
	drop := people(reg) - seatedPart
	children := reg.GetInt("children")
	fromChildren := min(drop, children)
	reg.Set("children", children-fromChildren)
	reg.Set("adults", reg.GetInt("adults")-(drop-fromChildren))
}

// ExpireOffers passes on every offer that ran out at t: each in its own
// transaction, the offer given back (as declined, but offer_until kept,
// so the family can be told it expired) and the seats offered to the next
// waiting family. The cron runs it every minute with the real clock;
// tests call it with theirs.
func ExpireOffers(app core.App, t time.Time) error {
	var ids []string
	err := app.DB().Select("id").From("registrations").
		Where(dbx.HashExp{"status": Offered}).
		AndWhere(dbx.NewExp("offer_until != '' AND offer_until <= {:t}", dbx.Params{"t": t.UTC().Format("2006-01-02 15:04:05.000Z")})).
		OrderBy("offer_until", "queued").Column(&ids)
	if err != nil {
		return err
	}
	var errs []error
	for _, id := range ids {
		errs = append(errs, app.RunInTransaction(func(txApp core.App) error {
			reg, err := txApp.FindRecordById("registrations", id)
			if err != nil || reg.GetString("status") != Offered || !expired(reg, t) {
				return nil // confirmed, declined or gone meanwhile
			}
			giveBackOffer(reg)
			return txApp.Save(reg)
		}))
	}
	return errors.Join(errs...)
}
