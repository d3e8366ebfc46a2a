package web

import "testing"

// ServiceWorker exposes the built sw.js to the black-box tests.
func ServiceWorker(t *testing.T, publicDir string) string {
	t.Helper()
	body, err := serviceWorker(publicDir)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}
