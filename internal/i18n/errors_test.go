package i18n_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/i18n"
)

// A 400 that marks no field does not tell the person to check marked
// fields: there are none to check.
func TestUnmarkedBadRequestDoesNotPointAtFields(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	catalog, _ := i18n.Load(os.DirFS(filepath.Join(hubtest.Root(), "locales")))
	for _, lang := range []string{"it", "ar"} {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/registrations/records",
			Token: hubtest.Token(t, app, "users", hubtest.FamilyEmail), Body: strings.NewReader("{not json"),
			Header: map[string]string{"Accept-Language": lang}})
		var e struct {
			Message string
			Data    map[string]any
		}
		res.JSON(t, &e)
		if want := catalog.T(lang, "error_status_400_unmarked", nil); res.Status != 400 || len(e.Data) != 0 || e.Message != want {
			t.Errorf("%s: %d %s, want %q", lang, res.Status, res.Body, want)
		}
	}
}
