package mutations

import (
	"github.com/cremona/hug/internal/moderation"
)

// The staff's moderation queue (components/staff/moderation.js), offline
// too: a decision on a proposal or on a change to a published activity,
// through moderation.Decide (staff only, audited in the mutation's
// transaction, refused when someone decided first).
func init() {
	Register("decide_activity", decideActivity)
	Register("decide_revision", decideRevision)
}

// DecideArgs: the decision, the "updated" of what staff saw, the reason
// (template id and/or free text) and the texts staff corrected before
// approving ({field: {lang: text}}).
type DecideArgs struct {
	Activity       string         `json:"activity,omitempty"`
	Revision       string         `json:"revision,omitempty"`
	Action         string         `json:"action"`
	Seen           string         `json:"seen"`
	ReasonTemplate string         `json:"reason_template,omitempty"`
	ReasonText     string         `json:"reason_text,omitempty"`
	Edits          map[string]any `json:"edits,omitempty"`
}

func (a *DecideArgs) Validate() error {
	if a.Activity != "" {
		return checkRecordID("activity", a.Activity)
	}
	return checkRecordID("revision", a.Revision)
}

func (a *DecideArgs) verdict() moderation.Verdict {
	return moderation.Verdict{Activity: a.Activity, Revision: a.Revision, Action: a.Action, Seen: a.Seen,
		ReasonTemplate: a.ReasonTemplate, ReasonText: a.ReasonText, Edits: a.Edits}
}

func decideActivity(c *Call, a *DecideArgs) (Result, error) {
	if a.Activity == "" || a.Revision != "" || a.Seen == "" {
		return Result{}, badArgs("activity")
	}
	record, err := moderation.Decide(c.App, c.Auth, a.verdict())
	return Result{Record: record}, err
}

func decideRevision(c *Call, a *DecideArgs) (Result, error) {
	if a.Revision == "" || a.Activity != "" || a.Seen == "" {
		return Result{}, badArgs("revision")
	}
	record, err := moderation.Decide(c.App, c.Auth, a.verdict())
	return Result{Record: record}, err
}
