package mutations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/reports"
)

// Reporting an activity, and staff's answer to the reports, through
// internal/reports (File: the function the records API's create hook
// calls; Decide).
func init() {
	Register("report_activity", reportActivity)
	Register("dismiss_reports", decideReports(reports.Dismiss))
	Register("act_on_reports", actOnReports)
}

// ReportActivityArgs: a report made on the phone, with the id it made.
type ReportActivityArgs struct {
	Report   string `json:"report"`
	Activity string `json:"activity"`
	Reason   string `json:"reason"`
	Text     string `json:"text,omitempty"`
}

func (a *ReportActivityArgs) Validate() error {
	if err := checkRecordID("report", a.Report); err != nil {
		return err
	}
	return checkRecordID("activity", a.Activity)
}

func reportActivity(c *Call, a *ReportActivityArgs) (Result, error) {
	collection, err := c.App.FindCachedCollectionByNameOrId(reports.Collection)
	if err != nil {
		return Result{}, err
	}
	r := core.NewRecord(collection)
	body := map[string]any{"id": a.Report, "activity": a.Activity, "reporter": c.Auth.Id, "reason": a.Reason, "text": a.Text}
	r.Load(body)
	if err := c.AllowCreate(r, body); err != nil {
		return Result{}, err
	}
	if err := reports.File(c.App, c.Auth, r, func() error { return c.Save(r) }); err != nil {
		return Result{}, err
	}
	return Result{Record: r}, nil
}

// DecideReportsArgs names the activity whose open reports staff answer;
// Outcome (cancel or reject) and Reason only to act on them.
type DecideReportsArgs struct {
	Activity string `json:"activity"`
	Outcome  string `json:"outcome,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

func (a *DecideReportsArgs) Validate() error { return checkRecordID("activity", a.Activity) }

func decideReports(outcome string) Func[DecideReportsArgs] {
	return func(c *Call, a *DecideReportsArgs) (Result, error) {
		activity, err := reports.Decide(c.App, c.Auth, a.Activity, reports.Decision{Outcome: outcome, Reason: a.Reason})
		if err != nil {
			return Result{}, err
		}
		return Result{Record: activity}, nil
	}
}

func actOnReports(c *Call, a *DecideReportsArgs) (Result, error) {
	if a.Outcome == reports.Dismiss {
		a.Outcome = "" // acting is cancelling or rejecting
	}
	return decideReports(a.Outcome)(c, a)
}
