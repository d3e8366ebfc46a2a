package mydata

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Export is everything the hub holds about one person.
type Export struct {
	ExportedAt           time.Time        `json:"exported_at"`
	Profile              map[string]any   `json:"profile"`
	Registrations        []map[string]any `json:"registrations"`
	Memberships          []map[string]any `json:"memberships"`
	AppointmentRequests  []map[string]any `json:"appointment_requests"`
	Proposals            []map[string]any `json:"proposals"`
	Organizations        []map[string]any `json:"organizations"`
	Reports              []map[string]any `json:"reports"`
	DecisionsAboutMyData []map[string]any `json:"decisions"`
}

// Collect gathers a person's data. Records of others appear only as what
// the person's own records point to (an activity's title, a group's name),
// never their people: an organization's member list is left out.
func Collect(app core.App, user *core.Record) (*Export, error) {
	profile := user.Fresh()
	profile.IgnoreEmailVisibility(true)
	out := &Export{ExportedAt: time.Now().UTC(), Profile: profile.PublicExport()}
	var err error
	own := dbx.Params{"user": user.Id}
	if out.Registrations, err = records(app, "registrations", "user = {:user}", own, "activity", "title", "starts_at"); err != nil {
		return nil, err
	}
	if out.Memberships, err = records(app, "memberships", "user = {:user}", own, "group", "name"); err != nil {
		return nil, err
	}
	if out.AppointmentRequests, err = records(app, "appointment_requests", "user = {:user}", own, ""); err != nil {
		return nil, err
	}
	if out.Proposals, err = records(app, "activities", "proposer = {:user}", own, ""); err != nil {
		return nil, err
	}
	// The person's reports of activities, with what they reported; who of
	// staff decided stays out (TestExportHoldsMyDataAndNobodyElses).
	if out.Reports, err = records(app, "reports", "reporter = {:user}", own, "activity", "title", "starts_at"); err != nil {
		return nil, err
	}
	for _, r := range out.Reports {
		delete(r, "decided_by")
	}
	orgs, err := app.FindRecordsByFilter("organizations", "members ~ {:user}", "name", 0, 0, own)
	if err != nil {
		return nil, err
	}
	out.Organizations = []map[string]any{}
	for _, org := range orgs {
		if !contains(org.GetStringSlice("members"), user.Id) {
			continue // "~" is a substring match
		}
		out.Organizations = append(out.Organizations, map[string]any{
			"id": org.Id, "name": org.GetString("name"), "verified": org.GetBool("verified"), "role": "member",
		})
	}
	out.DecisionsAboutMyData, err = decisions(app, user.Id, out)
	return out, err
}

// records lists a collection's records matching filter; with relation set,
// each also carries the named fields of the record it points to.
func records(app core.App, collection, filter string, params dbx.Params, relation string, fields ...string) ([]map[string]any, error) {
	found, err := app.FindRecordsByFilter(collection, filter, "created", 0, 0, params)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, 0, len(found))
	for _, r := range found {
		item := r.PublicExport()
		if relation != "" {
			target := r.Collection().Fields.GetByName(relation).(*core.RelationField)
			if related, err := app.FindRecordById(target.CollectionId, r.GetString(relation)); err == nil {
				about := map[string]any{"id": related.Id}
				for _, f := range fields {
					about[f] = related.Get(f)
				}
				item[relation+"_about"] = about
			}
		}
		list = append(list, item)
	}
	return list, nil
}

// decisions are the audit log's lines about the person or their records:
// what was decided and when, not which member of staff decided.
func decisions(app core.App, userID string, out *Export) ([]map[string]any, error) {
	ids := []any{userID}
	for _, group := range [][]map[string]any{out.Registrations, out.Memberships, out.AppointmentRequests, out.Proposals} {
		for _, r := range group {
			ids = append(ids, r["id"])
		}
	}
	var rows []struct {
		Action           string `db:"action"`
		TargetCollection string `db:"target_collection"`
		TargetID         string `db:"target_id"`
		FromStatus       string `db:"from_status"`
		ToStatus         string `db:"to_status"`
		Reason           string `db:"reason"`
		Created          string `db:"created"`
	}
	err := app.DB().Select("action", "target_collection", "target_id", "from_status", "to_status", "reason", "created").
		From("audit_log").Where(dbx.In("target_id", ids...)).OrderBy("created").All(&rows)
	if err != nil {
		return nil, err
	}
	list := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		list = append(list, map[string]any{"action": r.Action, "collection": r.TargetCollection, "record": r.TargetID,
			"from": r.FromStatus, "to": r.ToStatus, "reason": r.Reason, "created": r.Created})
	}
	return list, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func handleExport(e *core.RequestEvent) error {
	data, err := Collect(e.App, e.Auth)
	if err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="hug-my-data-%s.json"`, data.ExportedAt.Format("2006-01-02")))
	// Personal data: never kept by a cache between the phone and the hub.
	h.Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, data)
}
