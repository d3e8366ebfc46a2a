package calendar

import (
	"encoding/json"
	"reflect"

	"github.com/pocketbase/pocketbase/core"
)

// SequenceField is the activity's iCalendar SEQUENCE, kept by the server.
const SequenceField = "ics_sequence"

// shownFields are what an activity's event shows (summary, description,
// time, location, status): a change to any of them is a new revision of the
// event, which calendar apps take only with a higher SEQUENCE. Seats taken,
// capacity and the like change no event.
var shownFields = []string{"title", "summary", "starts_at", "ends_at", "place", "location_note", "status"}

// bumpSequence is the one owner of ics_sequence, whatever path saves the
// activity (records API, mutations, staff, seed): the stored value plus one
// when a shown field changed, else the stored value; what a caller put in
// the field is ignored.
func bumpSequence(e *core.RecordEvent) error {
	original := e.Record.Original()
	seq := original.GetInt(SequenceField)
	for _, f := range shownFields {
		if !sameValue(original.Get(f), e.Record.Get(f)) {
			seq++
			break
		}
	}
	e.Record.Set(SequenceField, seq)
	return e.Next()
}

// sameValue compares two field values by what they hold: the same JSON
// object with its keys in another order is the same text.
func sameValue(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		return reflect.DeepEqual(a, b)
	}
	var va, vb any
	if json.Unmarshal(ja, &va) != nil || json.Unmarshal(jb, &vb) != nil {
		return string(ja) == string(jb)
	}
	return reflect.DeepEqual(va, vb)
}
