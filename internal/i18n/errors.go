package i18n

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/pocketbase/pocketbase/tools/router"
)

// RequestLang is the language a request asks for: ?lang=, else the
// Accept-Language header (the PWA sets it to the user's choice).
func (c *Catalog) RequestLang(r *http.Request) string {
	return c.Match(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
}

// pocketbaseGeneric are the top-level messages PocketBase gives for a
// status without saying more; they become the hub's message for the status.
// ApiError messages are "sentenized" (capital, full stop), so are these.
var pocketbaseGeneric = sentenized(
	"Something went wrong while processing your request.",
	"Failed to create record",
	"Failed to update record.",
	"Failed to delete record. Make sure that the record is not part of a required relation reference.",
	"Failed to read the submitted data.",
	"An error occurred while validating the submitted data.",
	"The requested resource wasn't found.",
	"You are not allowed to perform this request.",
	"The request requires valid record authorization token.",
	"Too Many Requests.",
)

func sentenized(messages ...string) map[string]bool {
	set := map[string]bool{}
	for _, m := range messages {
		set[inflector.Sentenize(m)] = true
	}
	return set
}

// messageID is the message id a handler put as an error's message
// ("registration_not_needed" arrives as "Registration_not_needed.").
func (c *Catalog) messageID(message string) (string, bool) {
	id := strings.TrimSuffix(message, ".")
	if id != "" {
		id = strings.ToLower(id[:1]) + id[1:]
	}
	return id, id != "" && !strings.Contains(id, " ") && c.Has(id)
}

// localizeErrors rewrites the messages of every API error in the caller's
// language, keeping the stable codes the PWA and tests rely on (see
// topMessage for how the top-level message is chosen). Text without a code
// is never passed through: it would be English to an Arabic reader.
func (c *Catalog) localizeErrors(e *core.RequestEvent) error {
	err := e.Next()
	if err == nil {
		return nil
	}
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) {
		return err
	}
	c.LocalizeError(c.RequestLang(e.Request), apiErr)
	return apiErr
}

// LocalizeError rewrites apiErr's messages in lang, as every API error is
// on its way out; for errors that travel inside a response (the outcomes
// of sync mutations) rather than as one.
func (c *Catalog) LocalizeError(lang string, apiErr *router.ApiError) {
	codes := map[string]bool{}
	c.localizeData(lang, apiErr.Data, codes)
	apiErr.Message = c.topMessage(lang, apiErr, codes)
}

// topMessage keeps what is specific about an error, localized by a stable
// code:
//   - a message that is itself a message id (a handler's code) is localized;
//   - a specific message of a handler or hook, with the one code its data
//     carries, becomes that code's message ("Registration for this activity
//     is closed", not "check the marked fields");
//   - PocketBase's generic messages, and anything else, become the status's
//     message; a 400 with no field marked says so instead of pointing at
//     marked fields that don't exist.
func (c *Catalog) topMessage(lang string, apiErr *router.ApiError, codes map[string]bool) string {
	if id, ok := c.messageID(apiErr.Message); ok {
		return c.T(lang, id, nil)
	}
	if !pocketbaseGeneric[apiErr.Message] && len(codes) == 1 {
		for code := range codes {
			if c.Has(code) {
				return c.T(lang, code, paramsOf(apiErr.Data, code)) // "Giulia already decided on …"
			}
		}
	}
	status := statusKey(apiErr.Status)
	if status == http.StatusBadRequest && len(apiErr.Data) == 0 {
		return c.T(lang, "error_status_400_unmarked", nil)
	}
	return c.T(lang, fmt.Sprintf("error_status_%d", status), nil)
}

// paramsOf finds the params of the field error carrying code, for a
// message that names them.
func paramsOf(data map[string]any, code string) map[string]any {
	for _, v := range data {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if c, isItem := item["code"].(string); isItem {
			if c == code {
				params, _ := item["params"].(map[string]any)
				return params
			}
			continue
		}
		if params := paramsOf(item, code); params != nil {
			return params
		}
	}
	return nil
}

// statusKey maps a status to the ones with a message of their own.
func statusKey(status int) int {
	switch status {
	case 400, 401, 403, 404, 413, 429:
		return status
	}
	if status >= 500 {
		return 500
	}
	return 400
}

// localizeData walks PocketBase's error data: {field: {code, message,
// params}} or nested maps of the same, and collects the codes it meets.
func (c *Catalog) localizeData(lang string, data map[string]any, codes map[string]bool) {
	for _, v := range data {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, isItem := item["code"].(string)
		if !isItem {
			c.localizeData(lang, item, codes)
			continue
		}
		codes[code] = true
		params, _ := item["params"].(map[string]any)
		if c.Has(code) {
			item["message"] = c.T(lang, code, params)
		} else {
			item["message"] = c.T(lang, "validation_generic", nil)
		}
	}
}
