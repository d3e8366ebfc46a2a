package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// shellFiles lists what the service worker precaches: everything the PWA
// needs to run offline, not the worker itself, source maps or the manifest's
// screenshots.
func shellFiles(publicDir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(os.DirFS(publicDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || name == "screenshots") {
				return fs.SkipDir
			}
			return nil
		}
		if p == "sw.js" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".map") || strings.HasSuffix(name, ".d.ts") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// serviceWorker builds sw.js with the shell's version and file list. The
// version is a hash of every shell file, so any change to the app, however
// small, installs a new worker and a new cache.
func serviceWorker(publicDir string) ([]byte, error) {
	template, err := os.ReadFile(path.Join(publicDir, "sw.js"))
	if err != nil {
		return nil, err
	}
	files, err := shellFiles(publicDir)
	if err != nil {
		return nil, err
	}
	hash := sha256.New()
	hash.Write(template)
	urls := make([]string, 0, len(files))
	for _, f := range files {
		content, err := os.ReadFile(path.Join(publicDir, f))
		if err != nil {
			return nil, err
		}
		hash.Write([]byte(f))
		hash.Write(content)
		if f == "index.html" {
			f = "" // the shell is cached as "/", the navigation fallback
		}
		urls = append(urls, "/"+f)
	}
	list, _ := json.Marshal(urls)
	version := hex.EncodeToString(hash.Sum(nil))[:12]
	out := strings.Replace(string(template), "__VERSION__", version, 1)
	out = strings.Replace(out, "__PRECACHE__", string(list), 1)
	return []byte(out), nil
}

// builtWorker remembers the last sw.js built and the state of the files it
// was built from: every page load asks for sw.js, and a stat of each file is
// much cheaper than reading and hashing them all again.
type builtWorker struct {
	mu    sync.Mutex
	stamp string
	body  []byte
}

// filesStamp summarizes the public dir's files (name, size, time) to notice
// any change, an upgrade in production or an edit in development.
func filesStamp(publicDir string) (string, error) {
	var b strings.Builder
	err := fs.WalkDir(os.DirFS(publicDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return b.String(), err
}

func (w *builtWorker) get(publicDir string) ([]byte, error) {
	stamp, err := filesStamp(publicDir)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if stamp != w.stamp {
		body, err := serviceWorker(publicDir)
		if err != nil {
			return nil, err
		}
		w.stamp, w.body = stamp, body
	}
	return w.body, nil
}

func handleServiceWorker(publicDir string) func(e *core.RequestEvent) error {
	built := &builtWorker{}
	return func(e *core.RequestEvent) error {
		body, err := built.get(publicDir)
		if err != nil {
			return e.InternalServerError("", err)
		}
		h := e.Response.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("Service-Worker-Allowed", "/")
		return e.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
	}
}
