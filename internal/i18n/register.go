package i18n

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MustRegister loads the catalog and binds the i18n endpoint and the error
// localization. It returns the catalog for the parts that localize too.
func MustRegister(app core.App, locales fs.FS) *Catalog {
	catalog, err := Load(locales)
	if err != nil {
		panic(err)
	}
	family, err := catalog.encodeAll(FamilyPart)
	if err != nil {
		panic(err)
	}
	desk, err := catalog.encodeAll(DeskPart)
	if err != nil {
		panic(err)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/hub/i18n/{lang}", handleBundle(family, catalog))
		se.Router.GET("/api/hub/i18n/{lang}/desk", handleBundle(desk, catalog))
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:   "hubLocalizeErrors",
			Func: catalog.localizeErrors,
			// Before the rate limiter, so it also sees 429s and the errors of
			// rules, hooks and PocketBase's own validation.
			Priority: apis.DefaultRateLimitMiddlewarePriority - 5,
		})
		return se.Next()
	})
	return catalog
}
