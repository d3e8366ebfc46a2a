package queryguard_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/cremona/hug/internal/hubtest"
)

// refusedField returns the field a 400 refusal names under param, or "".
func refusedField(t *testing.T, res hubtest.Response, param string) (field, message string) {
	t.Helper()
	var body struct {
		Data map[string]struct {
			Code    string
			Message string
			Params  struct{ Field string }
		}
	}
	json.Unmarshal(res.Body, &body)
	item := body.Data[param]
	if res.Status != http.StatusBadRequest || item.Code != "query_field_not_allowed" {
		return "", ""
	}
	return item.Params.Field, item.Message
}

// The oracles the security review reported (issue 6, H1 and L5) are refused
// with a stable code that names the field, in the caller's language; a
// superuser, who sees every row anyway, is not guarded.
func TestTheReviewedOraclesAreRefused(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	addLinksToHiddenRows(t, app)
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	admin := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	cases := []struct {
		who, token, url, param, field string
	}{
		{"a family", family, "/api/collections/places/records?fields=id&filter=" + url.QueryEscape("appointment_requests_via_preferred_place.message !~ 'Segreto: s%'"),
			"filter", "appointment_requests_via_preferred_place.message"},
		{"a family", family, "/api/collections/activities/records?filter=" + url.QueryEscape("registrations_via_activity.user.email !~ 'someone%'"),
			"filter", "registrations_via_activity.user.email"},
		{"a family", family, "/api/collections/groups/records?fields=id&filter=" + url.QueryEscape("memberships_via_group.user.name !~ 'B%'"),
			"filter", "memberships_via_group.user.name"},
		{"a guest", "", "/api/collections/places/records?filter=" + url.QueryEscape("appointment_requests_via_preferred_place.id != ''"),
			"filter", "appointment_requests_via_preferred_place.id"},
		{"a guest", "", "/api/collections/activities/records?sort=" + url.QueryEscape("proposer.name"), "sort", "proposer.name"},
	}
	for _, c := range cases {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: c.url, Token: c.token, Header: map[string]string{"Accept-Language": "ar"}})
		field, message := refusedField(t, res, c.param)
		if field != c.field {
			t.Errorf("%s asking %s: got %d %s, want the %s refused naming %q", c.who, c.url, res.Status, res.Body, c.param, c.field)
			continue
		}
		if !strings.Contains(message, c.field) || !strings.Contains(message, "لا يمكن") {
			t.Errorf("the refusal should say in Arabic which field: %q", message)
		}
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: c.url, Token: admin}); res.Status != http.StatusOK {
			t.Errorf("a superuser is not guarded: %s got %d %s", c.url, res.Status, res.Body)
		}
	}
}

// pwaQueries are the queries the PWA makes (pb_public/data/store.js), per
// collection, and who makes them. TestThePWAQueriesPass fails when the PWA
// sends a filter, sort, expand or fields that is not listed here.
var pwaQueries = []struct {
	collection string
	query      url.Values
	mine       bool // the person's own records: signed-in roles only
}{
	// None today: the PWA reads everything through the sync feed
	// (GET /api/hub/sync), which takes no client expressions. A screen that
	// starts sending one must be listed here, with who sends it.
}

// Every query the PWA makes is allowed for every role that makes it, so
// the guard breaks no screen.
func TestThePWAQueriesPass(t *testing.T) {
	listed := map[string]bool{}
	for _, q := range pwaQueries {
		for _, vs := range q.query {
			listed[vs[0]] = true
		}
	}
	// every expression literal in the PWA's code must be one tested here
	found := map[string]bool{}
	literal := regexp.MustCompile(`\b(filter|sort|expand|fields)\s*:\s*(?:pb\.filter\()?("[^"]*"|'[^']*')`)
	err := filepath.WalkDir(filepath.Join(hubtest.Root(), "pb_public"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && d.Name() == "vendor" {
			return filepathSkip(d, err)
		}
		if !strings.HasSuffix(path, ".js") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			value := m[2][1 : len(m[2])-1]
			if !listed[value] {
				t.Errorf("%s sends %s %q, which pwaQueries does not test", path, m[1], value)
			}
			found[value] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for value := range listed {
		if !found[value] {
			t.Errorf("pwaQueries tests %q, which the PWA no longer sends", value)
		}
	}

	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, caller := range callers {
		token := ""
		if caller.email != "" {
			token = hubtest.Token(t, app, "users", caller.email)
		}
		for _, q := range pwaQueries {
			if q.mine && token == "" {
				continue
			}
			query := url.Values{"batch": {"500"}, "skipTotal": {"1"}, "perPage": {"500"}, "page": {"1"}}
			for k, v := range q.query {
				query[k] = v
			}
			if f := query.Get("filter"); strings.Contains(f, "{:user}") {
				user, _ := app.FindAuthRecordByEmail("users", caller.email)
				query.Set("filter", strings.ReplaceAll(f, "{:user}", "'"+user.Id+"'"))
			}
			u := "/api/collections/" + q.collection + "/records?" + query.Encode()
			if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: u, Token: token}); res.Status != http.StatusOK {
				t.Errorf("%s: %s got %d %s", caller.name, u, res.Status, res.Body)
			}
		}
	}
}

func filepathSkip(d os.DirEntry, err error) error {
	if err != nil {
		return err
	}
	return filepath.SkipDir
}

// The guard covers every place a client can name a field: list and view,
// create, sign-in and token refresh, realtime subscription options (filter,
// expand, fields, sort, on any topic) and batch requests; an endpoint that
// takes no expressions gets none.
func TestEveryPlaceAClientNamesAFieldIsGuarded(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	const via = "appointment_requests_via_preferred_place"
	records := "/api/collections/places/records"
	q := url.QueryEscape
	cases := []struct {
		name, method, url string
		body              any
		param, field      string
	}{
		{"list filter", "GET", records + "?filter=" + q(via+".message ~ 'a'"), nil, "filter", via + ".message"},
		{"list filter in a group", "GET", records + "?filter=" + q("(name != '' && ("+via+".message ~ 'a'))"), nil, "filter", via + ".message"},
		{"list filter in a function", "GET", records + "?filter=" + q("geoDistance(lng, lat, "+via+".user.municipality, 1) < 5"), nil, "filter", via + ".user.municipality"},
		{"list filter length", "GET", records + "?filter=" + q(via+":length > 0"), nil, "filter", via + ":length"},
		{"a second filter value", "GET", records + "?filter=" + q("name != ''") + "&filter=" + q(via+".message ~ 'a'"), nil, "filter", via + ".message"},
		{"list sort", "GET", records + "?sort=" + q("-"+via+".message"), nil, "sort", via + ".message"},
		{"list expand", "GET", records + "?expand=" + q(via), nil, "expand", via},
		{"list fields", "GET", records + "?fields=" + q("id,expand."+via+".message"), nil, "fields", "expand." + via + ".message"},
		{"view expand", "GET", records + "/" + place.Id + "?expand=" + q(via), nil, "expand", via},
		{"@collection", "GET", records + "?filter=" + q("@collection.appointment_requests.message ~ 'a'"), nil, "filter", "@collection.appointment_requests.message"},
		{"@request", "GET", records + "?filter=" + q("@request.auth.email ~ 'a'"), nil, "filter", "@request.auth.email"},
		{"create expand", "POST", "/api/collections/registrations/records?expand=" + q("activity.registrations_via_activity"),
			map[string]any{}, "expand", "activity.registrations_via_activity"},
		{"sign-in expand", "POST", "/api/collections/users/auth-with-password?expand=" + q("memberships_via_user"),
			map[string]any{"identity": hubtest.FamilyEmail, "password": "password-123"}, "expand", "memberships_via_user"},
		{"token refresh fields", "POST", "/api/collections/users/auth-refresh?fields=" + q("token,record.expand.memberships_via_user"),
			nil, "fields", "record.expand.memberships_via_user"},
		{"an endpoint without expressions", "GET", "/api/collections/users/auth-methods?filter=" + q("id != ''"), nil, "filter", "id != ''"},
		{"batch", "POST", "/api/batch", map[string]any{"requests": []map[string]any{{"method": "PATCH",
			"url": "/api/collections/users/records/x?expand=" + q("memberships_via_user"), "body": map[string]any{}}}}, "expand", "memberships_via_user"},
	}
	cases = append(cases, struct {
		name, method, url string
		body              any
		param, field      string
	}{"an e-mail is never filtered on", "GET", "/api/collections/users/records?filter=" + q("email ~ 'famiglia'"), nil, "filter", "email"})
	for _, c := range cases {
		res := hubtest.Do(t, app, hubtest.Request{Method: c.method, URL: c.url, Body: c.body, Token: family})
		if field, _ := refusedField(t, res, c.param); field != c.field {
			t.Errorf("%s: got %d %s, want %s %q refused", c.name, res.Status, res.Body, c.param, c.field)
		}
	}

	// The admin UI's sign-in screen asks which sign-in methods superusers
	// have, picking keys of that answer: no record field, so it passes.
	if res := hubtest.Do(t, app, hubtest.Request{Method: "GET", URL: "/api/collections/_superusers/auth-methods?fields=mfa,otp,password,oauth2"}); res.Status != http.StatusOK {
		t.Errorf("the admin UI's sign-in methods: %d %s", res.Status, res.Body)
	}

	// ...but a person's own e-mail may be picked from the answer
	if res := hubtest.Do(t, app, hubtest.Request{Method: "GET", URL: "/api/collections/users/records?fields=" + q("id,email"), Token: family}); res.Status != http.StatusOK ||
		!strings.Contains(string(res.Body), hubtest.FamilyEmail) {
		t.Errorf("picking one's own e-mail: %d %s", res.Status, res.Body)
	}

	client := subscriptions.NewDefaultClient()
	app.SubscriptionsBroker().Register(client)
	defer app.SubscriptionsBroker().Unregister(client.Id())
	topic := func(name string, query map[string]string) string {
		raw, _ := json.Marshal(map[string]any{"query": query})
		return name + "?options=" + q(string(raw))
	}
	subs := []struct {
		name, topic, field string
	}{
		{"filter", topic("places/*", map[string]string{"filter": via + ".message ~ 'a'"}), via + ".message"},
		{"expand", topic("places/"+place.Id, map[string]string{"expand": via}), via},
		{"fields", topic("places/*", map[string]string{"fields": "expand." + via}), "expand." + via},
		{"sort", topic("places", map[string]string{"sort": via + ".message"}), via + ".message"},
		{"a topic that is no collection", topic("hub-news", map[string]string{"filter": "id != ''"}), topic("hub-news", map[string]string{"filter": "id != ''"})},
	}
	for _, s := range subs {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/realtime", Token: family,
			Body: map[string]any{"clientId": client.Id(), "subscriptions": []string{"places/*", s.topic}}})
		if field, _ := refusedField(t, res, "subscriptions"); field != s.field {
			t.Errorf("realtime %s: got %d %s, want %q refused", s.name, res.Status, res.Body, s.field)
		}
		if len(client.Subscriptions()) != 0 {
			t.Errorf("realtime %s: a refused request subscribed to %v", s.name, client.Subscriptions())
		}
	}
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/realtime", Token: family,
		Body: map[string]any{"clientId": client.Id(), "subscriptions": []string{"places/*", topic("activities/*", map[string]string{"filter": "status = 'approved'", "expand": "place"})}}})
	if res.Status != http.StatusNoContent || len(client.Subscriptions()) != 2 {
		t.Errorf("allowed subscriptions: got %d %s, %v", res.Status, res.Body, client.Subscriptions())
	}
}

// Default deny: a collection or a field the allowlist does not name cannot
// be named in an expression, by anyone but a superuser, until it is added.
func TestWhatIsNewIsRefusedUntilAllowed(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	news := core.NewBaseCollection("novelties")
	news.ListRule = ptr("")
	news.Fields.Add(&core.TextField{Name: "title"})
	if err := app.Save(news); err != nil {
		t.Fatal(err)
	}
	places, _ := app.FindCollectionByNameOrId("places")
	places.Fields.Add(&core.TextField{Name: "secret_note"})
	if err := app.Save(places); err != nil {
		t.Fatal(err)
	}
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	admin := hubtest.Token(t, app, core.CollectionNameSuperusers, hubtest.SuperuserEmail)
	for _, c := range []struct{ url, param, field string }{
		{"/api/collections/novelties/records?filter=" + url.QueryEscape("id != ''"), "filter", "id"},
		{"/api/collections/novelties/records?sort=title", "sort", "title"},
		{"/api/collections/places/records?filter=" + url.QueryEscape("secret_note != ''"), "filter", "secret_note"},
		{"/api/collections/places/records?fields=id,secret_note", "fields", "secret_note"},
	} {
		for _, token := range []string{"", staff} {
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: c.url, Token: token})
			if field, _ := refusedField(t, res, c.param); field != c.field {
				t.Errorf("%s: got %d %s, want %q refused", c.url, res.Status, res.Body, c.field)
			}
		}
		if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: c.url, Token: admin}); res.Status != http.StatusOK {
			t.Errorf("superuser %s: got %d %s", c.url, res.Status, res.Body)
		}
	}
	// a plain list without expressions is not the guard's business
	if res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/novelties/records"}); res.Status != http.StatusOK {
		t.Errorf("plain list: %d %s", res.Status, res.Body)
	}
}

func ptr(s string) *string { return &s }
