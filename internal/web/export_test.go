package web

import "testing"

// ServiceWorkerBuilder exposes, to the black-box tests, sw.js as the server
// serves it: built once, rebuilt when a file of the public dir changes.
func ServiceWorkerBuilder(t *testing.T, publicDir string) func() string {
	built := &builtWorker{}
	return func() string {
		t.Helper()
		body, err := built.get(publicDir)
		if err != nil {
			t.Fatal(err)
		}
		return string(body)
	}
}
