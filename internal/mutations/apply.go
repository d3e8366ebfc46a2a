package mutations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// batch applies one request's mutations for the person who sent them.
type batch struct {
	event *core.RequestEvent
	auth  *core.Record
}

// incoming is one mutation as the phone sends it; other fields of its
// outbox entry (created, state) are ignored.
type incoming struct {
	ID   string          `json:"id"`
	Name string          `json:"name"`
	Args json.RawMessage `json:"args"`
}

var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// apply decides one mutation. Each runs in its own transaction together
// with its stored outcome, so it is applied exactly once: a replay finds
// the outcome and changes nothing. err is a server failure: nothing of the
// mutation was kept or stored, and the phone sends it again.
func (b *batch) apply(raw json.RawMessage) (Outcome, error) {
	var m incoming
	if err := json.Unmarshal(raw, &m); err != nil {
		var id struct{ ID string }
		_ = json.Unmarshal(raw, &id)
		return rejectedNow(id.ID, "mutation", CodeMalformed), nil
	}
	m.ID = strings.ToLower(m.ID)
	if !uuid.MatchString(m.ID) {
		return rejectedNow(m.ID, "id", CodeBadID), nil
	}
	hash := argsHash(m.Name, m.Args)
	app := b.event.App
	if row, err := stored(app, b.auth.Id, m.ID); err != nil || row != nil {
		if err != nil {
			return Outcome{}, err
		}
		return replay(row, hash, m.ID)
	}

	// Bad input is refused without being stored: it would be refused the
	// same way again (and a name unknown today may be known after an
	// upgrade).
	entry, known := registry[m.Name]
	if !known {
		return rejectedNow(m.ID, "name", CodeUnknown), nil
	}
	trimmed := bytes.TrimSpace(m.Args)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return rejectedNow(m.ID, "args", CodeBadArgs), nil
	}
	args, err := entry.decode(trimmed)
	if err != nil {
		var fields validation.Errors
		if errors.As(err, &fields) {
			apiErr := router.NewBadRequestError("", fields)
			apiErr.Message = codeOf(apiErr) // the one code says what is wrong
			return rejected(m.ID, apiErr), nil
		}
		return rejectedNow(m.ID, "args", CodeBadArgs), nil
	}

	var out Outcome
	txErr := app.RunInTransaction(func(txApp core.App) error {
		if row, err := stored(txApp, b.auth.Id, m.ID); err != nil || row != nil {
			if err == nil {
				out, err = replay(row, hash, m.ID)
			}
			return err
		}
		res, err := entry.apply(&Call{App: txApp, Auth: b.auth, event: b.event}, args)
		if err != nil {
			return err
		}
		if out, err = b.applied(m.ID, res); err != nil {
			return err
		}
		return store(txApp, b.auth.Id, m.Name, hash, out)
	})
	if txErr == nil {
		afterCommit(m.ID)
		return out, nil
	}
	refusal, isRefusal := asRefusal(txErr)
	if !isRefusal {
		return Outcome{}, txErr
	}

	// Rejected: what it wrote was rolled back with its transaction; the
	// rejection is its outcome, stored in a transaction of its own.
	out = rejected(m.ID, refusal)
	txErr = app.RunInTransaction(func(txApp core.App) error {
		if row, err := stored(txApp, b.auth.Id, m.ID); err != nil || row != nil {
			if err == nil {
				out, err = replay(row, hash, m.ID)
			}
			return err
		}
		return store(txApp, b.auth.Id, m.Name, hash, out)
	})
	if txErr != nil {
		return Outcome{}, txErr
	}
	afterCommit(m.ID)
	return out, nil
}

// applied is the outcome of an applied mutation, its record exported as
// the records API would return it to the caller (hidden fields, e-mail
// visibility).
func (b *batch) applied(id string, res Result) (Outcome, error) {
	out := Outcome{ID: id, Status: statusApplied, Decided: res.Decided}
	if res.Record == nil {
		return out, nil
	}
	if err := apis.EnrichRecord(b.event, res.Record); err != nil {
		return out, err
	}
	data, err := json.Marshal(res.Record)
	if err != nil {
		return out, err
	}
	out.Record = data
	return out, nil
}

// replay is the stored outcome of a mutation sent again, or, if the id
// comes back with another content, a refusal that leaves the stored one be.
func replay(row *storedRow, hash, id string) (Outcome, error) {
	if row.Hash != hash {
		return rejectedNow(id, "id", CodeIDReused), nil
	}
	var out Outcome
	if err := json.Unmarshal([]byte(row.Outcome), &out); err != nil {
		return Outcome{}, fmt.Errorf("stored outcome of %s: %w", id, err)
	}
	out.Replayed = true
	return out, nil
}

// asRefusal tells a refusal (a 4xx of the rules, the business functions or
// validation) from a server failure.
func asRefusal(err error) (*router.ApiError, bool) {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr, apiErr.Status < http.StatusInternalServerError
	}
	var fields validation.Errors
	if errors.As(err, &fields) {
		return router.NewBadRequestError("", fields), true
	}
	var field validation.Error
	if errors.As(err, &field) {
		return router.NewBadRequestError("", validation.Errors{"request": field}), true
	}
	return nil, false
}

func rejectedNow(id, field, code string) Outcome {
	return rejected(id, router.NewBadRequestError(code, validation.Errors{field: validation.NewError(code, code)}))
}

// rejected is a refusal as an outcome, not yet localized (the message is
// what the records API's error had; Localize makes it the caller's).
func rejected(id string, apiErr *router.ApiError) Outcome {
	return Outcome{ID: id, Status: statusRejected, Error: &OutcomeError{
		Code:    codeOf(apiErr),
		Message: apiErr.Message,
		Status:  apiErr.Status,
		Data:    apiErr.Data,
	}}
}

// codeOf is the one code an error's fields carry, else the status's.
func codeOf(apiErr *router.ApiError) string {
	codes := map[string]bool{}
	collectCodes(apiErr.Data, codes)
	if len(codes) == 1 {
		for code := range codes {
			return code
		}
	}
	switch apiErr.Status {
	case 401, 403, 404, 413, 429:
		return fmt.Sprintf("error_status_%d", apiErr.Status)
	}
	if len(codes) == 0 {
		return "error_status_400_unmarked"
	}
	return "error_status_400"
}

func collectCodes(data map[string]any, codes map[string]bool) {
	for _, v := range data {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if code, isItem := item["code"].(string); isItem {
			codes[code] = true
		} else {
			collectCodes(item, codes)
		}
	}
}
