package web

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// robots lets search engines and link previews read the public screens and
// the activities' pictures, and keeps them out of the API and the admin UI.
// (Without it, /robots.txt was the app shell: an invalid robots.txt.)
const robots = `User-agent: *
Allow: /
Allow: /api/files/
Disallow: /api/
Disallow: /_/
`

func handleRobots(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "public, max-age=86400")
	return e.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(robots))
}
