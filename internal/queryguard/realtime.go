package queryguard

import (
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// checkSubscriptions checks the options of every topic a realtime client
// subscribes to (POST /api/realtime). A topic is "collection/*" or
// "collection/id", optionally with ?options={"query":{...},"headers":{...}};
// PocketBase applies the query's filter when deciding whether to send an
// event, and its expand and fields to what it sends (apis/realtime.go).
func checkSubscriptions(e *core.RequestEvent) error {
	var body struct {
		Subscriptions []string `json:"subscriptions"`
	}
	if err := e.BindBody(&body); err != nil {
		return nil // PocketBase refuses an unreadable body itself
	}
	for _, topic := range body.Subscriptions {
		if err := checkTopic(e.App, e.Auth, topic); err != nil {
			return err
		}
	}
	return nil
}

func checkTopic(app core.App, auth *core.Record, topic string) error {
	// read the options with PocketBase's own parser, so the guard sees
	// exactly what the broadcaster will use
	client := subscriptions.NewDefaultClient()
	client.Subscribe(topic)
	query := url.Values{}
	for _, options := range client.Subscriptions() {
		for k, v := range options.Query {
			query[k] = []string{v}
		}
	}
	named := false
	for _, p := range params {
		named = named || query.Get(p) != ""
	}
	if !named {
		return nil
	}
	name, _, _ := strings.Cut(topic, "?")
	name, _, _ = strings.Cut(name, "/")
	collection, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		// not a collection topic: options mean nothing there, so none are taken
		return &refusal{"subscriptions", topic}
	}
	if err := CheckQuery(app, auth, collection, query, false); err != nil {
		r := err.(*refusal)
		return &refusal{"subscriptions", r.field}
	}
	return nil
}
