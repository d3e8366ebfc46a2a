package calendar

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// respond writes a feed with the validators calendar apps and caches use:
// an ETag of the bytes (a feed is the same bytes until something it shows
// changes: DTSTAMP is the last change, not the time of the request) and
// Last-Modified; a poll that finds nothing new gets a 304 and no body.
func respond(e *core.RequestEvent, body []byte, modified time.Time, cacheControl, filename string) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := e.Response.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Language")
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if notModified(e.Request, etag, modified) {
		return e.NoContent(http.StatusNotModified)
	}
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	return e.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// notModified follows RFC 9110 (13.2.2): If-None-Match when present, else
// If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !modified.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}
