package multitext

import "github.com/pocketbase/pocketbase/core"

// The records stored before provenance existed get theirs: the field is
// added by pb_migrations/1765800000_translation_provenance.js, then this
// runs Maintain on each record without an actor, which records every text
// already there as staff's, as of the record's last update, current
// (the demo content is the centre's Italian and its staff's translations).
// Announcements joined later (pb_migrations/1766000000_announcement_provenance.js)
// and get theirs the same way in 1766000001.
// Proved by TestTheBackfillGivesOldRecordsTheirProvenance.
func init() {
	core.AppMigrations.Register(backfillProvenance, nil, "1765800001_translation_provenance_backfill.go")
	core.AppMigrations.Register(func(app core.App) error {
		return backfill(app, "announcements")
	}, nil, "1766000001_announcement_provenance_backfill.go")
}

func backfillProvenance(app core.App) error {
	names := make([]string, 0, len(Fields))
	for collection := range Fields {
		names = append(names, collection)
	}
	return backfill(app, names...)
}

// backfill maintains the provenance of every record of collections that
// have the field (a collection of a later migration brings its own).
func backfill(app core.App, collections ...string) error {
	for _, collection := range collections {
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil || c.Fields.GetByName(ProvenanceField) == nil {
			continue
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
