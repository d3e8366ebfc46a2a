package activities_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/cremona/hug/internal/hubtest"
)

func validActivity() map[string]any {
	return map[string]any{
		"title": map[string]string{"it": "Laboratorio di lettura"}, "kind": "workshop", "status": "approved",
		"starts_at": "2099-05-07 16:00:00.000Z", "ends_at": "2099-05-07 17:30:00.000Z", "capacity": 10,
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
		{"end before start", func(a map[string]any) { a["ends_at"] = "2099-05-07 15:00:00.000Z" }, "ends_at", "validation_ends_before_starts"},
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

func TestCoverMustBeASmallImage(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	cases := []struct {
		name    string
		file    []byte
		status  int
		content string
	}{
		{"small png", png, http.StatusOK, ""},
		{"text file", []byte("not an image at all"), http.StatusBadRequest, "validation_invalid_mime_type"},
		{"3 MB png", append(append([]byte{}, png...), make([]byte, 3<<20)...), http.StatusBadRequest, "validation_file_size_limit"},
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
	if got.Message == "" {
		t.Errorf("field %s has no message", field)
	}
}
