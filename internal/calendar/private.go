package calendar

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// TokenField is the users' hidden field that holds the private feed's secret.
const TokenField = "calendar_token"

// tokenBytes of randomness: 256 bits, as long as a session secret.
const tokenBytes = 32

// privateCache: only the family's own apps keep it, and they revalidate at
// every poll, so a reset link stops working at once.
const privateCache = "private, no-cache"

// FeedPath is the path of a family's private feed.
func FeedPath(token string) string {
	return "/api/hub/calendar/me/" + token + ".ics"
}

// EnsureToken returns the user's feed token, making one if they have none.
// In a transaction, so two phones asking at once get the same one.
func EnsureToken(app core.App, userID string) (string, error) {
	var token string
	err := app.RunInTransaction(func(tx core.App) error {
		user, err := tx.FindRecordById("users", userID)
		if err != nil {
			return err
		}
		if token = user.GetString(TokenField); token != "" {
			return nil
		}
		token, err = setNewToken(tx, user)
		return err
	})
	return token, err
}

// ResetToken gives the user a new feed token: the old URL answers 404 from
// now on.
func ResetToken(app core.App, userID string) (string, error) {
	var token string
	err := app.RunInTransaction(func(tx core.App) error {
		user, err := tx.FindRecordById("users", userID)
		if err != nil {
			return err
		}
		token, err = setNewToken(tx, user)
		return err
	})
	return token, err
}

func setNewToken(app core.App, user *core.Record) (string, error) {
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	user.Set(TokenField, token)
	return token, app.Save(user)
}

// handleMyLink answers the signed-in person's feed path, making the token
// on first ask.
func handleMyLink(e *core.RequestEvent) error {
	token, err := EnsureToken(e.App, e.Auth.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return link(e, token)
}

// handleResetToken replaces the signed-in person's token.
func handleResetToken(e *core.RequestEvent) error {
	token, err := ResetToken(e.App, e.Auth.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return link(e, token)
}

func link(e *core.RequestEvent, token string) error {
	e.Response.Header().Set("Cache-Control", "no-store") // a secret
	return e.JSON(http.StatusOK, map[string]string{"path": FeedPath(token)})
}

// handleMyFeed serves a family's own feed to whoever holds its URL: the
// activities they are going to or waitlisted for (cancelled registrations
// drop out), among those a guest may see.
func handleMyFeed(catalog *i18n.Catalog) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		token, ok := strings.CutSuffix(e.Request.PathValue("file"), ".ics")
		// A token is never short: this also keeps "" (no token yet) from
		// matching anyone.
		if !ok || len(token) < base64.RawURLEncoding.EncodedLen(tokenBytes) {
			return e.NotFoundError("", nil)
		}
		user, err := e.App.FindFirstRecordByData("users", TokenField, token)
		if err != nil {
			return e.NotFoundError("", nil)
		}
		registrations, err := e.App.FindRecordsByFilter("registrations",
			"user = {:user} && (status = 'going' || status = 'waitlisted')", "", 0, 0, dbx.Params{"user": user.Id})
		if err != nil {
			return e.InternalServerError("", err)
		}
		waitlisted := map[string]bool{}
		ids := []any{}
		for _, r := range registrations {
			ids = append(ids, r.GetString("activity"))
			waitlisted[r.GetString("activity")] = r.GetString("status") == "waitlisted"
		}
		lang := catalog.RequestLang(e.Request)
		var entries []entry
		if len(ids) > 0 {
			activities, err := guestActivities(e.App, time.Now().AddDate(0, 0, -PastDays), dbx.In("activities.id", ids...))
			if err != nil {
				return e.InternalServerError("", err)
			}
			for _, a := range activities {
				entries = append(entries, entry{activity: a, waitlisted: waitlisted[a.Id]})
			}
		}
		body, _, err := writer{app: e.App, catalog: catalog, lang: lang}.render(catalog.T(lang, "calendar_feed_mine", nil), entries)
		if err != nil {
			return e.InternalServerError("", err)
		}
		// A registration made or cancelled changes the feed without changing
		// an activity: the ETag (of the bytes) tells; Last-Modified could not.
		return respond(e, body, time.Time{}, privateCache, "hug-my-calendar.ics")
	}
}
