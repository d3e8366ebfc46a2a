package inputguard_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/multitext"
)

// form is a multipart body as a phone's form upload sends it.
func form(fields map[string]string) (*bytes.Buffer, map[string]string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	w.Close()
	return &buf, map[string]string{"Content-Type": w.FormDataContentType()}
}

func activityForm(extra map[string]string) map[string]string {
	fields := map[string]string{
		"title": `{"it":"Laboratorio di lettura"}`, "kind": "workshop", "status": "approved",
		"starts_at": hubtest.InDays(30, "16:00"), "ends_at": hubtest.InDays(30, "17:30"),
	}
	for k, v := range extra {
		fields[k] = v
	}
	return fields
}

type call struct {
	method, url, token string
	body               any
	header             map[string]string
}

func (c call) do(t *testing.T, app *tests.TestApp) hubtest.Response {
	t.Helper()
	return hubtest.Do(t, app, hubtest.Request{Method: c.method, URL: c.url, Token: c.token, Body: c.body, Header: c.header})
}

func multipartCall(method, url, token string, fields map[string]string) call {
	body, header := form(fields)
	return call{method, url, token, body, header}
}

// A number field sent as text holds a number or the request is refused with
// the field named: "10abc" used to be stored as capacity 0, "no limit".
// Nothing is written on a refusal. Every number field is covered, in every
// collection, in forms and in JSON, with modifiers too.
func TestNumbersSentAsTextAreNumbersOrRefused(t *testing.T) {
	cases := []struct {
		name  string
		call  func(t *testing.T, app *tests.TestApp) call
		field string
		// state returns what a refusal must leave as it was
		state func(app *tests.TestApp) string
	}{
		{"capacity 10abc in a form", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPost, "/api/collections/activities/records", staff(t, app), activityForm(map[string]string{"capacity": "10abc"}))
		}, "capacity", count("activities")},
		{"capacity 10abc in JSON", func(t *testing.T, app *tests.TestApp) call {
			body := map[string]any{"title": map[string]string{"it": "Lettura"}, "kind": "workshop", "status": "approved",
				"starts_at": hubtest.InDays(30, "16:00"), "ends_at": hubtest.InDays(30, "17:30"), "capacity": "10abc"}
			return call{http.MethodPost, "/api/collections/activities/records", staff(t, app), body, nil}
		}, "capacity", count("activities")},
		{"capacity+ 5x on an update", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPatch, "/api/collections/activities/records/"+hubtest.BySlug(t, app, "activities", "ape-1").Id,
				staff(t, app), map[string]string{"capacity+": "5x"})
		}, "capacity", field("activities", "ape-1", "capacity")},
		{"latitude with a decimal comma", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPatch, "/api/collections/places/records/"+hubtest.BySlug(t, app, "places", "hug-sede-principale").Id,
				staff(t, app), map[string]string{"lat": "45,1333"})
		}, "lat", field("places", "hug-sede-principale", "lat")},
		{"adults as a word", func(t *testing.T, app *tests.TestApp) call {
			family, _ := app.FindAuthRecordByEmail("users", hubtest.OtherFamilyEmail)
			body := map[string]any{"activity": hubtest.BySlug(t, app, "activities", "ape-2").Id, "user": family.Id, "adults": "two", "status": "going"}
			return call{http.MethodPost, "/api/collections/registrations/records", staff(t, app), body, nil}
		}, "adults", count("registrations")},
		{"sort as true", func(t *testing.T, app *tests.TestApp) call {
			body := map[string]any{"sort": true}
			return call{http.MethodPatch, "/api/collections/places/records/" + hubtest.BySlug(t, app, "places", "hug-sede-principale").Id, staff(t, app), body, nil}
		}, "sort", field("places", "hug-sede-principale", "sort")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			before := c.state(app)
			res := c.call(t, app).do(t, app)
			assertFieldError(t, res, c.field, "validation_number_format")
			if after := c.state(app); after != before {
				t.Errorf("written: %s -> %s", before, after)
			}
		})
	}
}

// The good numbers a form sends are kept: "10" is 10, "" clears to 0, a
// decimal point is a decimal point.
func TestNumbersInAFormAreKept(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	for _, c := range []struct {
		sent string
		want float64
	}{{"10", 10}, {"", 0}, {"250", 250}} {
		res := multipartCall(http.MethodPost, "/api/collections/activities/records", staff(t, app),
			activityForm(map[string]string{"capacity": c.sent})).do(t, app)
		if res.Status != http.StatusOK {
			t.Fatalf("capacity %q: %d %s", c.sent, res.Status, res.Body)
		}
		var body struct{ Capacity float64 }
		res.JSON(t, &body)
		if body.Capacity != c.want {
			t.Errorf("capacity %q stored as %v", c.sent, body.Capacity)
		}
	}
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	res := multipartCall(http.MethodPatch, "/api/collections/places/records/"+place.Id, staff(t, app), map[string]string{"lat": "45.1333"}).do(t, app)
	if res.Status != http.StatusOK || hubtest.BySlug(t, app, "places", "hug-sede-principale").GetFloat("lat") != 45.1333 {
		t.Errorf("latitude 45.1333: %d %s", res.Status, res.Body)
	}
}

// Bytes that are not UTF-8 are refused, whatever the body: a form field
// (named), a urlencoded form, a JSON body. Nothing is written.
func TestTextThatIsNotUTF8IsRefused(t *testing.T) {
	cases := []struct {
		name  string
		call  func(t *testing.T, app *tests.TestApp) call
		field string
	}{
		{"form field", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPost, "/api/collections/activities/records", staff(t, app), activityForm(map[string]string{"runner": "Cooperativa \xffCosper"}))
		}, "runner"},
		{"form field the record does not have", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPost, "/api/collections/activities/records", staff(t, app), activityForm(map[string]string{"nota": "\xff"}))
		}, "nota"},
		{"form JSON text", func(t *testing.T, app *tests.TestApp) call {
			return multipartCall(http.MethodPost, "/api/collections/activities/records", staff(t, app), activityForm(map[string]string{"title": `{"it":"Caff` + "\xe8" + `"}`}))
		}, "title"},
		{"urlencoded form", func(t *testing.T, app *tests.TestApp) call {
			return call{http.MethodPost, "/api/collections/activities/records", staff(t, app),
				strings.NewReader("kind=play&status=approved&runner=Coop%FF&title=%7B%22it%22%3A%22x%22%7D"),
				map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}
		}, "runner"},
		{"JSON body", func(t *testing.T, app *tests.TestApp) call {
			raw := `{"title":{"it":"Caff` + "\xe8" + `"},"kind":"play","status":"approved","starts_at":"` + hubtest.InDays(30, "16:00") +
				`","ends_at":"` + hubtest.InDays(30, "17:00") + `"}`
			return call{http.MethodPost, "/api/collections/activities/records", staff(t, app), strings.NewReader(raw), nil}
		}, "body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			before := count("activities")(app)
			assertFieldError(t, c.call(t, app).do(t, app), c.field, "validation_invalid_utf8")
			if after := count("activities")(app); after != before {
				t.Errorf("written: %s -> %s", before, after)
			}
		})
	}
}

// Bidi embedding, override and isolate controls never reach a phone: not
// through the API (staff, a mediator, a family's own profile, a form) and not
// through a Go save (the seed, staff tools, sync mutations all save this
// way), in text and multilingual fields, nested JSON included. The marks
// Arabic needs stay.
func TestBidiControlsNeverReachTheScreen(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	const rlo, lri, pdi, rlm = "\u202E", "\u2066", "\u2069", "\u200F"

	res := call{http.MethodPost, "/api/collections/activities/records", staff(t, app), map[string]any{
		"title": map[string]string{"it": "foto" + rlo + "gnp.exe", "ar": "ورشة" + rlm + " 18:00"}, "kind": "play", "status": "approved",
		"runner": "Coop" + lri + "Cosper" + pdi, "starts_at": hubtest.InDays(30, "16:00"), "ends_at": hubtest.InDays(30, "17:00"),
	}, nil}.do(t, app)
	if res.Status != http.StatusOK {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var created struct{ Id string }
	res.JSON(t, &created)
	activity, _ := app.FindRecordById("activities", created.Id)
	expect(t, "title", activity.GetString("title"), `{"ar":"ورشة`+rlm+` 18:00","it":"fotognp.exe"}`)
	expect(t, "runner", activity.GetString("runner"), "CoopCosper")

	res = multipartCall(http.MethodPatch, "/api/collections/activities/records/"+created.Id, staff(t, app),
		map[string]string{"location_note": `{"it":"Sala ` + rlo + `A"}`}).do(t, app)
	if res.Status != http.StatusOK {
		t.Fatalf("form: %d %s", res.Status, res.Body)
	}
	activity, _ = app.FindRecordById("activities", created.Id)
	expect(t, "location_note", activity.GetString("location_note"), `{"it":"Sala A"}`)

	ape := hubtest.BySlug(t, app, "activities", "ape-1")
	title := map[string]any{}
	ape.UnmarshalJSONField("title", &title)
	title["ar"] = "لقاء " + rlo + "1"
	res = call{http.MethodPatch, "/api/collections/activities/records/" + ape.Id, hubtest.Token(t, app, "users", hubtest.MediatorEmail),
		map[string]any{"title": title}, nil}.do(t, app)
	if res.Status != http.StatusOK {
		t.Fatalf("mediator: %d %s", res.Status, res.Body)
	}
	got := map[string]string{}
	hubtest.BySlug(t, app, "activities", "ape-1").UnmarshalJSONField("title", &got)
	expect(t, "mediator's Arabic title", got["ar"], "لقاء 1")

	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	res = call{http.MethodPatch, "/api/collections/users/records/" + family.Id, hubtest.Token(t, app, "users", hubtest.FamilyEmail),
		map[string]any{"name": "Maria" + rlo + "airaM", "municipality": lri + "Cremona"}, nil}.do(t, app)
	if res.Status != http.StatusOK {
		t.Fatalf("profile: %d %s", res.Status, res.Body)
	}
	family, _ = app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	expect(t, "name", family.GetString("name"), "MariaairaM")
	expect(t, "municipality", family.GetString("municipality"), "Cremona")

	// a Go save, as the seed and staff tools make
	place := hubtest.BySlug(t, app, "places", "hug-sede-principale")
	place.Set("exceptions", []map[string]any{{"date": hubtest.InDays(5, "00:00")[:10], "closed": true,
		"note": map[string]string{"it": "Chiuso" + rlo + " oggi"}}})
	place.Set("address", "piazza Giovanni XXIII 1"+pdi)
	if err := app.Save(place); err != nil {
		t.Fatal(err)
	}
	place = hubtest.BySlug(t, app, "places", "hug-sede-principale")
	if strings.ContainsAny(place.GetString("exceptions")+place.GetString("address"), rlo+pdi) {
		t.Errorf("a Go save kept Bidi controls: %s %s", place.GetString("exceptions"), place.GetString("address"))
	}
	centre, err := app.FindFirstRecordByFilter("centre", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	centre.Set("service_lines", []map[string]any{{"key": "x", "title": map[string]string{"it": "Ascolto" + lri}, "text": map[string]string{"it": "t"}}})
	if err := app.Save(centre); err != nil {
		t.Fatal(err)
	}
	centre, _ = app.FindRecordById("centre", centre.Id)
	if strings.Contains(centre.GetString("service_lines"), lri) {
		t.Errorf("nested JSON kept a Bidi control: %s", centre.GetString("service_lines"))
	}
}

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func staff(t *testing.T, app *tests.TestApp) string {
	return hubtest.Token(t, app, "users", hubtest.StaffEmail)
}

func count(collection string) func(app *tests.TestApp) string {
	return func(app *tests.TestApp) string {
		n, _ := app.CountRecords(collection)
		return strconv.FormatInt(n, 10)
	}
}

func field(collection, slug, name string) func(app *tests.TestApp) string {
	return func(app *tests.TestApp) string {
		r, err := app.FindFirstRecordByData(collection, "slug", slug)
		if err != nil {
			return "missing"
		}
		return r.GetString(name)
	}
}

func assertFieldError(t *testing.T, res hubtest.Response, field, code string) {
	t.Helper()
	if res.Status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", res.Status, res.Body)
	}
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	res.JSON(t, &body)
	if got := body.Data[field]; got.Code != code || got.Message == "" || got.Message == hubtest.GenericMessage(t) {
		t.Fatalf("field %s: %+v, want code %q with its own message (body %s)", field, got, code, res.Body)
	}
}

// hubCleanText runs before the other validators (its priority): a title of
// exactly the longest length allowed, plus Bidi controls, is saved, because
// multitext counts the text that will be stored, not the controls.
func TestTextIsCleanedBeforeItIsMeasured(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	longest := strings.Repeat("a", multitext.MaxRunes)
	res := call{http.MethodPost, "/api/collections/activities/records", staff(t, app), map[string]any{
		"title": map[string]string{"it": "\u202E" + longest + "\u2066\u2069"}, "kind": "play", "status": "approved",
		"starts_at": hubtest.InDays(30, "16:00"), "ends_at": hubtest.InDays(30, "17:00"),
	}, nil}.do(t, app)
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
}

// The UTF-8 check reads a body only once PocketBase's size limit applies: a
// body over the limit is a 413 at once, never read whole to look for bad
// bytes.
func TestBodiesAreReadOnlyWithinTheLimit(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	huge := append(bytes.Repeat([]byte(" "), 40<<20), []byte("{\"runner\":\"\xff\"}")...)
	res := call{http.MethodPost, "/api/collections/activities/records", staff(t, app), bytes.NewReader(huge), nil}.do(t, app)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
}
