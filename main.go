// Command hug is the server of Hug, the Family Centre of Cremona: a PocketBase
// app with the hub's schema, policies and the PWA it serves.
package main

import (
	"embed"
	"io/fs"
	"log"
	"os"

	"github.com/pocketbase/pocketbase"

	"github.com/cremona/hug/internal/config"
	"github.com/cremona/hug/internal/hub"
)

//go:embed locales/*.json
var locales embed.FS

func main() {
	app := pocketbase.New()

	cfg := config.Bind(app.RootCmd)
	app.RootCmd.ParseFlags(os.Args[1:])

	localesFS, _ := fs.Sub(locales, "locales")
	hub.MustRegister(app, cfg, localesFS)
	hub.AddCommands(app, app.RootCmd, cfg)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
