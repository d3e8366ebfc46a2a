package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
)

// stockCommand makes this binary a stock PocketBase (no hub code at all):
// `realtimeload stock-server serve --http=... --dir=...`. The collection and
// its rule are made through the API by the measuring process.
const stockCommand = "stock-server"

func runStock(args []string) {
	os.Args = append([]string{os.Args[0]}, args...)
	app := pocketbase.New()
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
