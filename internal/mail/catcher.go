package mail

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Kept is how many caught messages the page lists (the newest).
const Kept = 100

// Caught is one e-mail the hub would have sent.
type Caught struct {
	ID      int       `json:"id"`
	At      time.Time `json:"at"`
	From    string    `json:"from"`
	To      []string  `json:"to"`
	Subject string    `json:"subject"`
	// Text is the message as plain text, links written out.
	Text string `json:"text"`
	HTML string `json:"html"`
	// Sent is true when SMTP is configured and the message also left.
	Sent bool `json:"sent"`
}

// Catcher keeps the newest caught messages in memory (a demo hub forgets
// them at restart) and prints each on the console.
type Catcher struct {
	console io.Writer

	mu      sync.Mutex
	pageURL string // set at serve, for the console's pointer to the page
	nextID  int
	kept    []Caught // oldest first
}

// NewCatcher prints caught messages on console.
func NewCatcher(console io.Writer) *Catcher {
	return &Catcher{console: console}
}

// handle is the OnMailerSend hook: it keeps and prints the message, then
// sends it only if SMTP is configured (without it PocketBase would try a
// sendmail binary that a newcomer's machine lacks).
func (c *Catcher) handle(e *core.MailerEvent) error {
	m := e.Message
	item := Caught{At: time.Now().UTC(), From: m.From.String(), Subject: m.Subject, HTML: m.HTML, Text: m.Text}
	for _, to := range m.To {
		item.To = append(item.To, to.Address)
	}
	if strings.TrimSpace(item.Text) == "" {
		item.Text = htmlToText(m.HTML)
	}
	item.Sent = e.App.Settings().SMTP.Enabled
	c.print(item, c.keep(&item))
	if item.Sent {
		return e.Next()
	}
	return nil
}

func (c *Catcher) setPageURL(url string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pageURL = url
}

// keep stores item under the next id and returns the page's URL.
func (c *Catcher) keep(item *Caught) (pageURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	item.ID = c.nextID
	c.kept = append(c.kept, *item)
	if len(c.kept) > Kept {
		c.kept = c.kept[len(c.kept)-Kept:]
	}
	return c.pageURL
}

// Newest returns the caught messages, newest first.
func (c *Catcher) Newest() []Caught {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Caught, len(c.kept))
	for i, m := range c.kept {
		out[len(c.kept)-1-i] = m
	}
	return out
}

func (c *Catcher) print(m Caught, pageURL string) {
	if c.console == nil {
		return
	}
	state := "caught, not sent (demo mode, no SMTP)"
	if m.Sent {
		state = "caught and sent by SMTP (demo mode)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n── E-mail %s ──\n", state)
	fmt.Fprintf(&b, "To:      %s\nSubject: %s\n\n", strings.Join(m.To, ", "), m.Subject)
	for _, line := range strings.Split(strings.TrimSpace(m.Text), "\n") {
		b.WriteString("  " + line + "\n")
	}
	fmt.Fprintf(&b, "\n(every caught e-mail: %s, as the superuser)\n", pageURL)
	b.WriteString("──\n")
	io.WriteString(c.console, b.String())
}

var (
	dropBlocks = regexp.MustCompile(`(?is)<(head|style|script)\b.*?</(head|style|script)>`)
	links      = regexp.MustCompile(`(?is)<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>`)
	lineBreaks = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr|table)>`)
	tags       = regexp.MustCompile(`(?s)<[^>]*>`)
	spaces     = regexp.MustCompile(`[ \t\r\f\v]+`)
	blankLines = regexp.MustCompile(`\n{3,}`)
)

// htmlToText turns PocketBase's mail templates into readable text, keeping
// link targets: "Verify (http://…/_/#/auth/confirm-verification/…)".
func htmlToText(doc string) string {
	s := dropBlocks.ReplaceAllString(doc, "")
	s = links.ReplaceAllStringFunc(s, func(a string) string {
		parts := links.FindStringSubmatch(a)
		label := strings.TrimSpace(tags.ReplaceAllString(parts[2], ""))
		if label == "" || label == parts[1] {
			return parts[1]
		}
		return label + " (" + parts[1] + ")"
	})
	s = lineBreaks.ReplaceAllString(s, "$0\n")
	s = html.UnescapeString(tags.ReplaceAllString(s, ""))
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimSpace(spaces.ReplaceAllString(line, " "))
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
