package mutations

import (
	"encoding/base64"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/proposals"
	"github.com/cremona/hug/internal/vocab"
)

// Proposals from the phone (docs/SYNC.md, "Proposals"): made, edited,
// submitted to staff and withdrawn through the activities rules, with
// internal/proposals' checks (who may propose, dates to come) and
// moderation.ApplyOwnerEdit (what an owner may change in each state; an
// edit of a published activity becomes a revision). The limit of proposals
// a day is pb_hooks/proposals.pb.js, on every save.
func init() {
	Register("propose_activity", proposeActivity)
	Register("update_proposal", updateProposal)
	Register("submit_proposal", submitProposal)
	Register("withdraw_proposal", withdrawProposal)
	Register("set_proposal_photo", setProposalPhoto)
}

// MaxProposalDates bounds the dates of one proposal (a cycle).
const MaxProposalDates = 60

// MaxPhotoBytes is the largest photo a mutation carries (the phone sends
// at most 1600 px JPEG, far below); the cover field's own limit applies
// after decoding.
const MaxPhotoBytes = 2 * 1024 * 1024

// ProposalDate is one date of a proposal and the id the phone made for it.
type ProposalDate struct {
	Activity string `json:"activity"`
	StartsAt string `json:"starts_at"`
	EndsAt   string `json:"ends_at"`
}

// ProposeArgs: a new proposal. Its texts are in Language (the proposer's),
// which is recorded as the activity's original language. Several dates (a
// cycle: the same weekday and time N times, or a list of dates, expanded by
// the phone) make one activity each, linked by a series.
type ProposeArgs struct {
	Dates                []ProposalDate `json:"dates"`
	Language             string         `json:"language"`
	Title                string         `json:"title"`
	Summary              string         `json:"summary"`
	Body                 string         `json:"body"`
	Kind                 string         `json:"kind"`
	Place                string         `json:"place"`
	Address              string         `json:"address"`
	Group                string         `json:"group"`
	AgeBands             []string       `json:"age_bands"`
	Capacity             int            `json:"capacity"`
	RegistrationRequired bool           `json:"registration_required"`
	Organization         string         `json:"organization"`
	// Submit sends it to staff at once (pending); else it is a draft.
	Submit bool `json:"submit"`
}

func (a *ProposeArgs) Validate() error {
	if len(a.Dates) == 0 || len(a.Dates) > MaxProposalDates {
		return badArgs("dates")
	}
	seen := map[string]bool{}
	for _, d := range a.Dates {
		if err := checkRecordID("activity", d.Activity); err != nil {
			return err
		}
		if seen[d.Activity] {
			return badArgs("dates")
		}
		seen[d.Activity] = true
	}
	if !vocab.IsLanguage(a.Language) {
		return badArgs("language")
	}
	return nil
}

// texts are the proposal's texts as multilingual values in its language.
func texts(lang string, values map[string]string) map[string]any {
	out := map[string]any{}
	for field, v := range values {
		if v != "" {
			out[field] = map[string]string{lang: v}
		}
	}
	return out
}

func proposeActivity(c *Call, a *ProposeArgs) (Result, error) {
	if err := proposals.CheckProposer(c.App, c.Auth); err != nil {
		return Result{}, err
	}
	collection, err := c.App.FindCachedCollectionByNameOrId("activities")
	if err != nil {
		return Result{}, err
	}
	status, series := "draft", ""
	if a.Submit {
		status = "pending"
	}
	if len(a.Dates) > 1 {
		series = "proposal-" + a.Dates[0].Activity
	}
	var first *core.Record
	for _, d := range a.Dates {
		body := map[string]any{
			"id": d.Activity, "proposer": c.Auth.Id, "status": status, "original_language": a.Language,
			"title": map[string]string{a.Language: a.Title}, "kind": a.Kind, "starts_at": d.StartsAt, "ends_at": d.EndsAt,
			"place": a.Place, "group": a.Group, "age_bands": a.AgeBands, "capacity": a.Capacity,
			"registration_required": a.RegistrationRequired, "series": series,
		}
		if a.Title == "" {
			body["title"] = map[string]string{}
		}
		for k, v := range texts(a.Language, map[string]string{"summary": a.Summary, "body": a.Body, "location_note": a.Address}) {
			body[k] = v
		}
		if a.Organization != "" {
			body["organization"] = a.Organization
		}
		record := core.NewRecord(collection)
		record.Load(body)
		if err := c.AllowCreate(record, body); err != nil {
			return Result{}, err
		}
		if err := proposals.CheckDates(record.GetDateTime("starts_at").Time(), time.Now()); err != nil {
			return Result{}, err
		}
		if err := c.Save(record); err != nil {
			return Result{}, err
		}
		if first == nil {
			first = record
		}
	}
	return Result{Record: first}, nil
}

// UpdateProposalArgs: a change to a proposal; a field left out stays. The
// texts are in Language (default: the proposal's original language); the
// other fields apply to every date of the proposal, the times to the named
// activity only.
type UpdateProposalArgs struct {
	Activity             string    `json:"activity"`
	Language             string    `json:"language"`
	Title                *string   `json:"title"`
	Summary              *string   `json:"summary"`
	Body                 *string   `json:"body"`
	Kind                 *string   `json:"kind"`
	Place                *string   `json:"place"`
	Address              *string   `json:"address"`
	Group                *string   `json:"group"`
	AgeBands             *[]string `json:"age_bands"`
	Capacity             *int      `json:"capacity"`
	RegistrationRequired *bool     `json:"registration_required"`
	StartsAt             *string   `json:"starts_at"`
	EndsAt               *string   `json:"ends_at"`
}

func (a *UpdateProposalArgs) Validate() error {
	if err := checkRecordID("activity", a.Activity); err != nil {
		return err
	}
	if a.Language != "" && !vocab.IsLanguage(a.Language) {
		return badArgs("language")
	}
	return nil
}

func updateProposal(c *Call, a *UpdateProposalArgs) (Result, error) {
	named, dates, err := ownProposal(c, a.Activity)
	if err != nil {
		return Result{}, err
	}
	for _, activity := range dates {
		lang := a.Language
		if lang == "" {
			lang = multitext.SourceLanguage(activity, "title")
		}
		body := map[string]any{}
		for field, v := range map[string]*string{"title": a.Title, "summary": a.Summary, "body": a.Body, "location_note": a.Address} {
			if v != nil {
				text, _ := multitext.Parse([]byte(activity.GetString(field)))
				text[lang] = *v
				if *v == "" {
					delete(text, lang)
				}
				body[field] = text
			}
		}
		for field, v := range map[string]*string{"kind": a.Kind, "place": a.Place, "group": a.Group} {
			if v != nil {
				body[field] = *v
			}
		}
		if a.AgeBands != nil {
			body["age_bands"] = *a.AgeBands
		}
		if a.Capacity != nil {
			body["capacity"] = *a.Capacity
		}
		if a.RegistrationRequired != nil {
			body["registration_required"] = *a.RegistrationRequired
		}
		if activity.Id == named.Id {
			if a.StartsAt != nil {
				body["starts_at"] = *a.StartsAt
			}
			if a.EndsAt != nil {
				body["ends_at"] = *a.EndsAt
			}
		}
		if err := ownerChange(c, activity, body); err != nil {
			return Result{}, err
		}
	}
	return Result{Record: reload(c, named)}, nil
}

// ProposalArgs names a proposal by one of its activities.
type ProposalArgs struct {
	Activity string `json:"activity"`
}

func (a *ProposalArgs) Validate() error { return checkRecordID("activity", a.Activity) }

// submitProposal sends a draft, or a proposal staff asked to change or
// refused, to staff (pending), every date of it.
func submitProposal(c *Call, a *ProposalArgs) (Result, error) {
	return moveProposal(c, a.Activity, func(from string) string { return "pending" })
}

// withdrawProposal takes a proposal back: one waiting for staff (or sent
// back by them) becomes a draft again; a published one is cancelled (it
// stays on the calendar, marked cancelled, for the families who
// registered).
func withdrawProposal(c *Call, a *ProposalArgs) (Result, error) {
	return moveProposal(c, a.Activity, func(from string) string {
		if from == "approved" {
			return "cancelled"
		}
		return "draft"
	})
}

// moveProposal gives every date of a proposal the status to(from); dates
// already there, or cancelled, are left as they are. Nothing to move is a
// refused status change.
func moveProposal(c *Call, id string, to func(from string) string) (Result, error) {
	named, dates, err := ownProposal(c, id)
	if err != nil {
		return Result{}, err
	}
	moved := 0
	for _, activity := range dates {
		from := activity.GetString("status")
		target := to(from)
		if from == target || (from == "cancelled" && activity.Id != named.Id) {
			continue
		}
		if target == "pending" {
			if err := proposals.CheckDates(activity.GetDateTime("starts_at").Time(), time.Now()); err != nil {
				return Result{}, err
			}
		}
		if err := ownerChange(c, activity, map[string]any{"status": target}); err != nil {
			return Result{}, err
		}
		moved++
	}
	if moved == 0 {
		return Result{}, router.NewBadRequestError("", validation.Errors{"status": validation.NewError("validation_status_change", "This status change is not allowed")})
	}
	return Result{Record: reload(c, named)}, nil
}

// SetProposalPhotoArgs: the proposal's photo (the phone shrinks it to at
// most 1600 px, JPEG), base64. Stored without its metadata
// (internal/files re-encodes every upload); on a published activity it
// waits in the revision like any other change.
type SetProposalPhotoArgs struct {
	Activity string `json:"activity"`
	Photo    string `json:"photo"`
}

func (a *SetProposalPhotoArgs) Validate() error {
	if err := checkRecordID("activity", a.Activity); err != nil {
		return err
	}
	if base64.StdEncoding.DecodedLen(len(a.Photo)) > MaxPhotoBytes+3 {
		return validation.Errors{"cover": validation.NewError("validation_file_size_limit", "The file is too large")}
	}
	return nil
}

func setProposalPhoto(c *Call, a *SetProposalPhotoArgs) (Result, error) {
	data, err := base64.StdEncoding.DecodeString(a.Photo)
	if err != nil || len(data) == 0 {
		return Result{}, validation.Errors{"cover": validation.NewError("validation_invalid_file", "The file is not valid")}
	}
	named, dates, err := ownProposal(c, a.Activity)
	if err != nil {
		return Result{}, err
	}
	for _, activity := range dates {
		file, err := filesystem.NewFileFromBytes(data, "photo.jpg")
		if err != nil {
			return Result{}, err
		}
		if err := ownerChange(c, activity, map[string]any{"cover": file}); err != nil {
			return Result{}, err
		}
	}
	return Result{Record: reload(c, named)}, nil
}

// ownProposal loads the named activity and its dates, for its owner only:
// one the caller may not see is not found, one they may see but do not own
// (a published activity, or a mediator's or staff's view) is not theirs.
func ownProposal(c *Call, id string) (*core.Record, []*core.Record, error) {
	activity, err := c.Find("activities", id)
	if err != nil {
		return nil, nil, err
	}
	ok, err := c.App.CanAccessRecord(activity, c.info("GET", map[string]any{}), activity.Collection().ViewRule)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, router.NewNotFoundError("", nil)
	}
	if !proposals.IsOwner(c.App, c.Auth, activity) {
		return nil, nil, router.NewForbiddenError("", validation.Errors{"activity": validation.NewError(proposals.CodeNotYours, "This proposal is not yours")})
	}
	dates, err := proposals.Dates(c.App, activity)
	return activity, dates, err
}

// ownerChange applies an owner's change to one activity as the records API
// would: its update rule, a date to come, ApplyOwnerEdit, the save.
func ownerChange(c *Call, activity *core.Record, body map[string]any) error {
	rule := map[string]any{}
	for k, v := range body {
		if k != "cover" {
			rule[k] = v
		}
	}
	if err := c.AllowUpdate(activity, rule); err != nil {
		return err
	}
	before := activity.GetDateTime("starts_at")
	activity.Load(body)
	if starts := activity.GetDateTime("starts_at"); !starts.Equal(before) {
		if err := proposals.CheckDates(starts.Time(), time.Now()); err != nil {
			return err
		}
	}
	if err := moderation.ApplyOwnerEdit(c.App, c.Auth, activity); err != nil {
		return router.NewBadRequestError("", err)
	}
	return c.Save(activity)
}

// reload is the activity as saved (a revision leaves it as published).
func reload(c *Call, activity *core.Record) *core.Record {
	if fresh, err := c.App.FindRecordById("activities", activity.Id); err == nil {
		return fresh
	}
	return activity
}
