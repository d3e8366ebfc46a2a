package push

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Subscriber is what internal/notify needs to know about a subscription to
// choose and render what it receives.
type Subscriber struct {
	ID       string `db:"id"`
	User     string `db:"user"`     // "" for a guest
	Language string `db:"language"` // a hub language
	Receive  string `db:"receive"`  // the person's choices, JSON, owned by internal/notify
}

var subscriberColumns = []string{"id", "user", "language", "receive"}

// SubscriptionsOfUsers are the subscriptions of these accounts (every
// phone each one signed in on).
func SubscriptionsOfUsers(app core.App, userIDs []string) ([]Subscriber, error) {
	if len(userIDs) == 0 {
		return nil, nil
	}
	ids := make([]any, len(userIDs))
	for i, id := range userIDs {
		ids[i] = id
	}
	var subs []Subscriber
	err := app.DB().Select(subscriberColumns...).From("push_subscriptions").
		Where(dbx.In("user", ids...)).OrderBy("id").All(&subs)
	return subs, err
}

// GuestSubscriptions are the subscriptions of phones not signed in.
func GuestSubscriptions(app core.App) ([]Subscriber, error) {
	var subs []Subscriber
	err := app.DB().Select(subscriberColumns...).From("push_subscriptions").
		Where(dbx.HashExp{"user": ""}).OrderBy("id").All(&subs)
	return subs, err
}

// AllSubscriptions are every subscription, signed in or not (an
// announcement to everyone).
func AllSubscriptions(app core.App) ([]Subscriber, error) {
	var subs []Subscriber
	err := app.DB().Select(subscriberColumns...).From("push_subscriptions").OrderBy("id").All(&subs)
	return subs, err
}
