package multitext

import "github.com/pocketbase/pocketbase/core"

// The records stored before provenance existed get theirs: the field is
// added by pb_migrations/1765800000_translation_provenance.js, then this
// runs Maintain on each record without an actor, which records every text
// already there as staff's, as of the record's last update, current
// (the demo content is the centre's Italian and its staff's translations).
func init() {
	core.AppMigrations.Register(backfillProvenance, nil, "1765800001_translation_provenance_backfill.go")
}

func backfillProvenance(app core.App) error {
	for collection := range Fields {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil || c.Fields.GetByName(ProvenanceField) == nil {
			continue // a collection of a later migration brings its own
		}
		records, err := app.FindAllRecords(c)
		if err != nil {
			return err
		}
		for _, r := range records {
			Maintain(r)
			// No validation: a stored record stays as it is (an old date
			// outside today's bounds); only its provenance is added.
			if err := app.SaveNoValidate(r); err != nil {
				return err
			}
		}
	}
	return nil
}
