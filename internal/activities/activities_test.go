package activities_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

func validActivity() map[string]any {
	return map[string]any{
		"title": map[string]string{"it": "Laboratorio di lettura"}, "kind": "workshop", "status": "approved",
		"starts_at": hubtest.InDays(30, "16:00"), "ends_at": hubtest.InDays(30, "17:30"), "capacity": 10,
		"age_bands": []string{"3-6"},
	}
}

// Invalid activities are refused with the field named and a stable code,
// and nothing is written.
func TestInvalidActivitiesAreRefusedAndNothingIsWritten(t *testing.T) {
	cases := []struct {
		name  string
		tweak func(map[string]any)
		field string
		code  string
	}{
		{"end before start", func(a map[string]any) { a["ends_at"] = hubtest.InDays(30, "15:00") }, "ends_at", "validation_ends_before_starts"},
		{"starts in 1900", func(a map[string]any) { a["starts_at"] = "1900-01-01 10:00:00.000Z" }, "starts_at", "validation_date_range"},
		{"starts in 2023", func(a map[string]any) { a["starts_at"] = "2023-12-31 10:00:00.000Z" }, "starts_at", "validation_date_range"},
		{"ends in 9999", func(a map[string]any) { a["ends_at"] = "9999-12-31 10:00:00.000Z" }, "ends_at", "validation_date_range"},
		{"starts three years ahead", func(a map[string]any) {
			a["starts_at"], a["ends_at"] = hubtest.InDays(3*366, "10:00"), hubtest.InDays(3*366, "11:00")
		}, "starts_at", "validation_date_range"},
		{"lasts 32 days", func(a map[string]any) { a["ends_at"] = hubtest.InDays(62, "16:01") }, "ends_at", "validation_activity_too_long"},
		{"capacity as text", func(a map[string]any) { a["capacity"] = "10abc" }, "capacity", "validation_number_format"},
		{"end equals start", func(a map[string]any) { a["ends_at"] = a["starts_at"] }, "ends_at", "validation_ends_before_starts"},
		{"negative capacity", func(a map[string]any) { a["capacity"] = -1 }, "capacity", "validation_min_number_constraint"},
		{"unknown age band", func(a map[string]any) { a["age_bands"] = []string{"3-6", "18-99"} }, "age_bands", "validation_invalid_value"},
		{"no Italian title", func(a map[string]any) { a["title"] = map[string]string{"en": "Reading"} }, "title", "validation_multitext_source_required"},
		{"unknown language", func(a map[string]any) { a["title"] = map[string]string{"it": "Lettura", "xx": "?"} }, "title", "validation_multitext_language"},
		{"title not an object", func(a map[string]any) { a["title"] = "Lettura" }, "title", "validation_multitext_shape"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			before, _ := app.CountRecords("activities")
			body := validActivity()
			c.tweak(body)
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
				Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: body})
			assertFieldError(t, res, c.field, c.code)
			if after, _ := app.CountRecords("activities"); after != before {
				t.Errorf("%d activities written", after-before)
			}
		})
	}
}

// The good edges are kept: an activity of exactly 31 days, one almost two
// years ahead, one in early 2024 (the archive).
func TestActivitiesInsideTheLimitsAreSaved(t *testing.T) {
	cases := []struct {
		name         string
		starts, ends string
	}{
		{"an afternoon", hubtest.InDays(30, "16:00"), hubtest.InDays(30, "17:30")},
		{"a month-long summer programme", hubtest.InDays(30, "09:00"), hubtest.InDays(61, "09:00")},
		{"planned almost two years ahead", hubtest.InDays(2*365-2, "10:00"), hubtest.InDays(2*365-2, "12:00")},
		{"archived from 2024", "2024-01-01 09:00:00.000Z", "2024-01-01 11:00:00.000Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			body := validActivity()
			body["starts_at"], body["ends_at"] = c.starts, c.ends
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
				Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: body})
			if res.Status != http.StatusOK {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
		})
	}
}

func TestCoverMustBeASmallImage(t *testing.T) {
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewNRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	smallPNG := small.Bytes()
	cases := []struct {
		name    string
		file    []byte
		status  int
		content string
	}{
		{"small png", smallPNG, http.StatusOK, ""},
		{"text file", []byte("not an image at all"), http.StatusBadRequest, "validation_invalid_mime_type"},
		{"3 MB png", append(append([]byte{}, smallPNG...), make([]byte, 3<<20)...), http.StatusBadRequest, "validation_file_size_limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			before, _ := app.CountRecords("activities")
			var buf bytes.Buffer
			form := multipart.NewWriter(&buf)
			for key, value := range validActivity() {
				raw, _ := json.Marshal(value)
				if s, ok := value.(string); ok {
					raw = []byte(s)
				}
				form.WriteField(key, string(raw))
			}
			part, _ := form.CreateFormFile("cover", "cover.png")
			part.Write(c.file)
			form.Close()
			res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
				Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: &buf,
				Header: map[string]string{"Content-Type": form.FormDataContentType()}})
			if res.Status != c.status {
				t.Fatalf("status %d, want %d: %s", res.Status, c.status, res.Body)
			}
			if c.status != http.StatusOK {
				assertFieldError(t, res, "cover", c.content)
				if after, _ := app.CountRecords("activities"); after != before {
					t.Errorf("%d activities written", after-before)
				}
			}
		})
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
	got := body.Data[field]
	if got.Code != code {
		t.Fatalf("field %s: code %q, want %q (body %s)", field, got.Code, code, res.Body)
	}
	if got.Message == "" || got.Message == hubtest.GenericMessage(t) {
		t.Errorf("field %s has no message of its own: %q", field, got.Message)
	}
}
