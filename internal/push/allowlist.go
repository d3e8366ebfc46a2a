package push

import (
	"net/url"
	"strings"
)

// KnownServices are the origins of the browsers' push services: Google
// (Chrome, Edge on Android, most Android browsers), Mozilla, Apple and
// Microsoft. A "*." origin matches any host under that domain. An endpoint
// anywhere else is refused, so the hub can never be made to post to an
// address of someone's choosing (a relay).
var KnownServices = []string{
	"https://fcm.googleapis.com",
	"https://updates.push.services.mozilla.com",
	"https://*.push.services.mozilla.com",
	"https://web.push.apple.com",
	"https://*.notify.windows.com",
}

// Allowlist decides which endpoints the hub posts to.
type Allowlist struct {
	origins []string
}

// NewAllowlist is KnownServices plus extra origins (--pushAllow, for a test
// double or a private push service: "http://127.0.0.1:8099,https://push.example.org").
func NewAllowlist(extra ...string) *Allowlist {
	a := &Allowlist{origins: append([]string(nil), KnownServices...)}
	for _, list := range extra {
		for _, o := range strings.Split(list, ",") {
			if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" {
				a.origins = append(a.origins, strings.ToLower(o))
			}
		}
	}
	return a
}

// Allows reports whether endpoint is a URL of an allowed origin. It must
// be absolute, without user info, and https unless an extra origin says
// http explicitly.
func (a *Allowlist) Allows(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" || u.Fragment != "" {
		return false
	}
	origin := strings.ToLower(u.Scheme + "://" + u.Host)
	for _, allowed := range a.origins {
		if origin == allowed {
			return true
		}
		scheme, host, ok := strings.Cut(allowed, "://*.")
		if ok && strings.ToLower(u.Scheme) == scheme && u.Port() == "" &&
			strings.HasSuffix(strings.ToLower(u.Hostname()), "."+host) {
			return true
		}
	}
	return false
}
