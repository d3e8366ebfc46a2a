package mail

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/web"
)

const (
	// ListPath lists the caught e-mails as JSON, newest first (superusers).
	ListPath = "/api/hub/dev/mail"
	// PagePath is the same list for people: a page with no data of its
	// own, whose script asks ListPath with the superuser's token.
	PagePath = "/dev/mail"
)

func (c *Catcher) handleList(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]any{"items": c.Newest()})
}

// The page and its script, for the operator (English, like the admin UI).
// No inline script or style: it is served with the PWA's strict CSP.
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Caught e-mail - Hug (demo)</title>
<script type="module" src="/dev/mail.js"></script>
</head>
<body>
<main>
<h1>E-mail caught by the demo hub</h1>
<p>In demo mode the hub sends no e-mail: every one-time code, verification and
password-reset message lands here (newest first) and on the server's console.</p>
<form id="signin" hidden>
<p>Only the superuser may read them. Sign in to the <a href="/_/">admin UI</a> in this browser, or here:</p>
<p><label>E-mail <input name="email" type="email" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form>
<p id="status" role="status"></p>
<p><button id="reload" type="button" hidden>Refresh</button></p>
<ol id="mail" reversed></ol>
</main>
</body>
</html>
`

// The admin UI keeps its superuser session in localStorage under this key;
// a session started on this page lives in memory only.
const pageScript = `const adminKey = "__pb_superusers__/_"
let token = ""
try { token = JSON.parse(localStorage.getItem(adminKey) || "{}").token || "" } catch {}

const $ = (id) => document.getElementById(id)
const status = (text) => { $("status").textContent = text }

function askToSignIn() {
  token = ""
  $("signin").hidden = false
  $("reload").hidden = true
  status("Sign in as the superuser to read the caught e-mail.")
}

async function load() {
  if (!token) return askToSignIn()
  const res = await fetch("` + ListPath + `", { headers: { Authorization: token } })
  if (res.status === 401 || res.status === 403) return askToSignIn()
  const { items } = await res.json()
  $("signin").hidden = true
  $("reload").hidden = false
  status(items.length ? items.length + " e-mail caught." : "No e-mail caught yet.")
  $("mail").replaceChildren(...items.map((m) => {
    const li = document.createElement("li")
    const h = document.createElement("h2")
    h.textContent = m.subject
    const meta = document.createElement("p")
    meta.textContent = "To " + m.to.join(", ") + ", " + new Date(m.at).toLocaleString() + (m.sent ? " (also sent by SMTP)" : "")
    const body = document.createElement("pre")
    body.textContent = m.text
    li.append(h, meta, body)
    return li
  }))
}

$("signin").addEventListener("submit", async (e) => {
  e.preventDefault()
  const data = new FormData(e.target)
  const res = await fetch("/api/collections/_superusers/auth-with-password", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity: data.get("email"), password: data.get("password") }),
  })
  if (!res.ok) return status("Wrong e-mail or password.")
  token = (await res.json()).token
  load()
})
$("reload").addEventListener("click", load)
setInterval(() => { if (token) load() }, 5000)
load()
`

func handlePage(e *core.RequestEvent) error {
	h := e.Response.Header()
	h.Set("Content-Security-Policy", web.ContentSecurityPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	return e.HTML(http.StatusOK, page)
}

func handlePageScript(e *core.RequestEvent) error {
	h := e.Response.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	return e.String(http.StatusOK, pageScript)
}
