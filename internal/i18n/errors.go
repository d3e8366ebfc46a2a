package i18n

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// RequestLang is the language a request asks for: ?lang=, else the
// Accept-Language header (the PWA sets it to the user's choice).
func (c *Catalog) RequestLang(r *http.Request) string {
	return c.Match(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
}

// localizeErrors rewrites the messages of every API error in the caller's
// language, keeping the stable codes the PWA and tests rely on. An error code
// without a message of its own gets a generic one, never English text.
func (c *Catalog) localizeErrors(e *core.RequestEvent) error {
	err := e.Next()
	if err == nil {
		return nil
	}
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) {
		return err
	}
	lang := c.RequestLang(e.Request)
	apiErr.Message = c.T(lang, fmt.Sprintf("error_status_%d", statusKey(apiErr.Status)), nil)
	c.localizeData(lang, apiErr.Data)
	return apiErr
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
// params}} or nested maps of the same.
func (c *Catalog) localizeData(lang string, data map[string]any) {
	for _, v := range data {
		item, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, isItem := item["code"].(string)
		if !isItem {
			c.localizeData(lang, item)
			continue
		}
		params, _ := item["params"].(map[string]any)
		if c.Has(code) {
			item["message"] = c.T(lang, code, params)
		} else {
			item["message"] = c.T(lang, "validation_generic", nil)
		}
	}
}
