package figures

import (
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/multitext"
	"github.com/cremona/hug/internal/staffcsv"
	"github.com/cremona/hug/internal/vocab"
)

// report answers a staff request with its period's report, labelled in
// the staff member's language.
func report(catalog *i18n.Catalog, e *core.RequestEvent) (*Report, string, error) {
	if !vocab.IsStaff(e.Auth) {
		return nil, "", e.ForbiddenError("", nil)
	}
	q := e.Request.URL.Query()
	p, err := ParsePeriod(q.Get("from"), q.Get("to"))
	if err != nil {
		fields := err.(validation.Errors)
		code := ""
		for _, f := range fields {
			code = f.(validation.Error).Code() // one code: the message says it
		}
		return nil, "", e.BadRequestError(code, fields)
	}
	r, err := Compute(e.App, p)
	if err != nil {
		return nil, "", err
	}
	lang := staffcsv.Language(catalog, e)
	if err := label(e.App, catalog, lang, r); err != nil {
		return nil, "", err
	}
	return r, lang, nil
}

func handleJSON(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		r, _, err := report(catalog, e)
		if err != nil {
			return err
		}
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.JSON(http.StatusOK, r)
	}
}

func handleCSV(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		r, lang, err := report(catalog, e)
		if err != nil {
			return err
		}
		p, _ := ParsePeriod(r.From, r.To)
		from, to := staffcsv.Date(p.From), staffcsv.Date(p.To)
		header := []string{
			catalog.T(lang, "figures_csv_from", nil), catalog.T(lang, "figures_csv_to", nil),
			catalog.T(lang, "figures_csv_breakdown", nil), catalog.T(lang, "figures_csv_category", nil),
			catalog.T(lang, "figures_csv_measure", nil), catalog.T(lang, "figures_csv_count", nil),
		}
		var rows [][]string
		totalLabel := catalog.T(lang, "figures_total", nil)
		for _, m := range Measures {
			rows = append(rows, []string{from, to, totalLabel, "", measureLabel(catalog, lang, m), r.Totals[m].Shown})
		}
		for _, b := range r.Breakdowns {
			for _, row := range b.Rows {
				for _, m := range b.Measures {
					rows = append(rows, []string{from, to, b.Label, row.Label, measureLabel(catalog, lang, m), row.Cells[m].Shown})
				}
			}
		}
		for _, note := range append(r.Notes, "figures_suppression_note") {
			rows = append(rows, []string{from, to, catalog.T(lang, "figures_csv_note", nil), catalog.T(lang, note, nil), "", ""})
		}
		name := "hug-dati-" + r.From + "-" + r.To + ".csv"
		return staffcsv.Serve(e, strings.ReplaceAll(name, "/", "-"), header, rows)
	}
}

func measureLabel(catalog *i18n.Catalog, lang, measure string) string {
	return catalog.T(lang, "figures_measure_"+measure, nil)
}

// label names each breakdown and row in lang: months as mm/yyyy, groups
// and places by their names, kinds and age bands from locales/.
func label(app core.App, catalog *i18n.Catalog, lang string, r *Report) error {
	none := catalog.T(lang, "figures_none", nil)
	for bi := range r.Breakdowns {
		b := &r.Breakdowns[bi]
		b.Label = catalog.T(lang, "figures_by_"+b.Dimension, nil)
		for i := range b.Rows {
			row := &b.Rows[i]
			if row.Key == "" {
				row.Label = none
				continue
			}
			switch b.Dimension {
			case ByMonth:
				row.Label = row.Key[5:] + "/" + row.Key[:4]
			case ByGroup, ByPlace:
				collection := "groups"
				if b.Dimension == ByPlace {
					collection = "places"
				}
				row.Label = row.Key
				if rec, err := app.FindRecordById(collection, row.Key); err == nil {
					row.Label = rec.GetString("name")
					if t, err := multitext.Parse([]byte(rec.GetString("name"))); err == nil && len(t) > 0 {
						row.Label, _ = t.Best(lang)
					}
				}
			case ByKind:
				row.Label = catalog.T(lang, "kind_"+row.Key, nil)
			case ByAgeBand:
				row.Label = catalog.T(lang, "age_band", map[string]any{"band": row.Key})
			default:
				row.Label = row.Key
			}
		}
	}
	return nil
}
