package mail

import (
	"net"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// PocketBaseDefaultAppURL is the application URL a fresh PocketBase starts
// with, whatever address it serves on. The hub treats it as "not set".
const PocketBaseDefaultAppURL = "http://localhost:8090"

const servedURLKey = "hubServedURL"

// ServedURL is the base URL of the address a server listens on, as a
// browser on the same machine reaches it: an empty or wildcard host becomes
// 127.0.0.1, as in PocketBase's start banner.
func ServedURL(server *http.Server) string {
	if server == nil { // a router built for tests, listening nowhere
		return ""
	}
	// PocketBase gives every server a TLS config, so only the port tells
	// HTTPS apart (`serve --https=:443`); behind a proxy, set the URL.
	scheme := "http"
	if isHTTPSAddr(server.Addr) {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(server.Addr)
	if err != nil {
		return scheme + "://127.0.0.1"
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	if port == "http" || port == "https" {
		return scheme + "://" + host
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

func isHTTPSAddr(addr string) bool {
	_, port, _ := net.SplitHostPort(addr)
	return port == "443" || port == "https"
}

// followServedAddress makes the application URL (the base of the links in
// verification and password-reset e-mails) the address the hub serves on,
// unless the operator set one; it returns the served URL.
func followServedAddress(app core.App, server *http.Server) string {
	url := ServedURL(server)
	if url == "" {
		return ""
	}
	app.Store().Set(servedURLKey, url)
	applyServedURL(app)
	return url
}

// applyServedURL replaces PocketBase's placeholder application URL with the
// served one, in memory only: the database keeps "not set", so the next
// start on another port follows that port.
func applyServedURL(app core.App) {
	url, _ := app.Store().Get(servedURLKey).(string)
	if url != "" && app.Settings().Meta.AppURL == PocketBaseDefaultAppURL {
		app.Settings().Meta.AppURL = url
	}
}
