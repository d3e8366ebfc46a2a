package attendance

import (
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/staffcsv"
	"github.com/cremona/hug/internal/vocab"
)

// csvColumns are the file's headers, message ids of locales/.
var csvColumns = []string{
	"attendance_csv_activity", "attendance_csv_date", "attendance_csv_time",
	"attendance_csv_name", "attendance_csv_status", "attendance_csv_adults", "attendance_csv_children",
	"attendance_csv_waiting", "attendance_csv_present", "attendance_csv_came_adults",
	"attendance_csv_came_children", "attendance_csv_marked_time",
}

// handleCSV: GET /api/hub/staff/attendance/{activity}.csv, staff only.
func handleCSV(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if !vocab.IsStaff(e.Auth) {
			return e.ForbiddenError("", nil)
		}
		id, isCSV := strings.CutSuffix(e.Request.PathValue("file"), ".csv")
		if !isCSV {
			return e.NotFoundError("", nil)
		}
		activity, err := e.App.FindRecordById("activities", id)
		if err != nil {
			return e.NotFoundError("", nil)
		}
		lines, err := Roster(e.App, activity.Id)
		if err != nil {
			return err
		}
		lang := staffcsv.Language(catalog, e)
		header := make([]string, len(csvColumns))
		for i, c := range csvColumns {
			header[i] = catalog.T(lang, c, nil)
		}
		title, _ := multitext.Parse([]byte(activity.GetString("title")))
		name, _ := title.Best(lang)
		start := activity.GetDateTime("starts_at").Time()
		yes, no := catalog.T(lang, "attendance_csv_yes", nil), catalog.T(lang, "attendance_csv_no", nil)
		rows := make([][]string, len(lines))
		for i, l := range lines {
			present, cameA, cameC, at := "", "", "", ""
			if l.Marked {
				present = no
				if l.Present {
					present = yes
				}
				cameA, cameC = strconv.Itoa(l.CameAdults), strconv.Itoa(l.CameChildren)
				at = staffcsv.Time(l.MarkedAt)
			}
			rows[i] = []string{
				name, staffcsv.Date(start), staffcsv.Time(start),
				l.Name, catalog.T(lang, "attendance_status_"+l.Status, nil),
				strconv.Itoa(l.Adults), strconv.Itoa(l.Children), strconv.Itoa(l.Waiting),
				present, cameA, cameC, at,
			}
		}
		filename := "presenze-" + staffcsv.Date(start) + "-" + activity.Id + ".csv"
		filename = strings.ReplaceAll(filename, "/", "-")
		return staffcsv.Serve(e, filename, header, rows)
	}
}
