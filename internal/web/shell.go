package web

import (
	"html"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/vocab"
)

// The app shell (index.html) is served for every screen's path with what a
// search engine or a link preview reads without running the app: the page's
// language, a description from locales/ in the language the request asks
// for, and for a shared activity its Open Graph tags (activitypage.go).

var (
	htmlTag  = regexp.MustCompile(`<html[^>]*>`)
	titleTag = regexp.MustCompile(`<title>[^<]*</title>`)
)

// page is what the shell says about the screen it opens.
type page struct {
	lang, description string
	title             string // "" keeps the shell's
	og                *preview
}

// isScreen reports whether a path is one of the PWA's screens (the shell
// answers it) rather than a file: no such file, and no extension.
func isScreen(publicDir, p string) bool {
	if p == "" {
		return true
	}
	if path.Ext(p) != "" || !fs.ValidPath(p) {
		return false
	}
	_, err := os.Stat(filepath.Join(publicDir, filepath.FromSlash(p)))
	return err != nil
}

// serveShell writes index.html for a screen.
func serveShell(e *core.RequestEvent, publicDir string, p page) error {
	shell, err := os.ReadFile(filepath.Join(publicDir, "index.html"))
	if err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	setShellHeaders(h)
	h.Add("Vary", "Accept-Language")
	return e.Blob(http.StatusOK, "text/html; charset=utf-8", withPage(shell, p))
}

// screenPage is the page of any screen: the app's description.
func screenPage(e *core.RequestEvent, catalog *i18n.Catalog) page {
	lang := catalog.RequestLang(e.Request)
	return page{lang: lang, description: catalog.T(lang, "app_description", nil)}
}

// withPage writes p into the shell, every value escaped.
func withPage(shell []byte, p page) []byte {
	attr := html.EscapeString
	out := string(shell)
	out = htmlTag.ReplaceAllLiteralString(out, `<html lang="`+attr(p.lang)+`" dir="`+vocab.Direction(p.lang)+`">`)
	head := []string{`<meta name="description" content="` + attr(p.description) + `">`}
	title := "Hug"
	if p.title != "" {
		title = p.title + " - Hug"
	}
	if og := p.og; og != nil {
		head = append(head,
			`<meta property="og:type" content="website">`,
			`<meta property="og:site_name" content="Hug">`,
			`<meta property="og:title" content="`+attr(og.title)+`">`,
			`<meta property="og:description" content="`+attr(og.description)+`">`,
			`<meta property="og:url" content="`+attr(og.url)+`">`,
			`<meta property="og:image" content="`+attr(og.image)+`">`,
			`<meta property="og:image:alt" content="`+attr(og.title)+`">`,
			`<meta name="twitter:card" content="summary">`,
		)
	}
	out = titleTag.ReplaceAllLiteralString(out, `<title>`+attr(title)+`</title>`+"\n  "+strings.Join(head, "\n  "))
	return []byte(out)
}
