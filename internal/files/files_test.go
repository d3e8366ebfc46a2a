package files_test

import (
	"bytes"
	"image"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
)

// proposal is a family's draft activity, sent as the phone sends it: a form
// with the cover photo.
func proposal(t *testing.T, app *tests.TestApp, email, status string, cover []byte, filename string) hubtest.Response {
	t.Helper()
	user, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{
		"title": `{"it":"Merenda al parco"}`, "kind": "play", "status": status, "proposer": user.Id,
		"starts_at": hubtest.InDays(20, "16:00"), "ends_at": hubtest.InDays(20, "18:00"),
	}
	var buf bytes.Buffer
	form := multipart.NewWriter(&buf)
	for k, v := range fields {
		form.WriteField(k, v)
	}
	part, _ := form.CreateFormFile("cover", filename)
	part.Write(cover)
	form.Close()
	return hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records",
		Token: hubtest.Token(t, app, "users", email), Body: &buf,
		Header: map[string]string{"Content-Type": form.FormDataContentType()}})
}

func created(t *testing.T, app *tests.TestApp, res hubtest.Response) *core.Record {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var body struct{ Id string }
	res.JSON(t, &body)
	record, err := app.FindRecordById("activities", body.Id)
	if err != nil {
		t.Fatal(err)
	}
	return record
}

func stored(t *testing.T, app *tests.TestApp, record *core.Record) []byte {
	t.Helper()
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	r, err := fsys.GetReader(record.BaseFilesPath() + "/" + record.GetString("cover"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	return data
}

func fileToken(t *testing.T, app *tests.TestApp, email string) string {
	t.Helper()
	user, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	token, err := user.NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// variants are every way the hub serves a cover: the original and each thumb.
var variants = []string{"", "?thumb=480x270", "?thumb=960x540", "?thumb=100x100"}

func withToken(url, token string) string {
	if token == "" {
		return url
	}
	if strings.Contains(url, "?") {
		return url + "&token=" + token
	}
	return url + "?token=" + token
}

// A phone photo keeps nothing but its pixels: the GPS position, the EXIF
// block and any other APP segment are gone from the stored file and from
// every variant served, and the photo is stored upright (its EXIF said
// "turn 90° clockwise").
func TestUploadedPhotoLosesItsGPSAndStaysUpright(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	photo := photoWithGPS(t)
	if len(metadataIn(photo)) == 0 {
		t.Fatal("the test photo carries no metadata to strip")
	}
	record := created(t, app, proposal(t, app, hubtest.FamilyEmail, "draft", photo, "IMG_2041.jpg"))

	data := stored(t, app, record)
	if found := metadataIn(data); len(found) > 0 {
		t.Errorf("stored cover still has %v", found)
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil || format != "jpeg" {
		t.Fatalf("stored cover: %s %v", format, err)
	}
	if b := img.Bounds(); b.Dx() != 32 || b.Dy() != 64 {
		t.Fatalf("stored %dx%d, want the upright 32x64", b.Dx(), b.Dy())
	}
	// the red corner was top-left before turning clockwise: now top-right
	if r, g, _, _ := img.At(32-6, 6).RGBA(); r>>8 < 150 || g>>8 > 100 {
		t.Errorf("top-right is not red: the photo was turned the wrong way")
	}
	if r, g, _, _ := img.At(6, 6).RGBA(); r>>8 < 200 || g>>8 < 200 {
		t.Errorf("top-left is not white: the photo was turned the wrong way")
	}

	token := fileToken(t, app, hubtest.FamilyEmail)
	url := "/api/files/activities/" + record.Id + "/" + record.GetString("cover")
	for _, v := range variants {
		res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: withToken(url+v, token)})
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", v, res.Status)
		}
		if found := metadataIn(res.Body); len(found) > 0 {
			t.Errorf("served %q still has %v", v, found)
		}
	}
}

// PNG loses its text chunks; WebP, which Go cannot write, is stored as JPEG
// under a .jpg name; a header claiming 400 megapixels and bytes that are no
// image are refused before anything is written.
func TestEveryImageFormatIsReencodedOrRefused(t *testing.T) {
	webp, err := os.ReadFile("testdata/opaque.webp")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, filename string
		data           []byte
		format, ext    string // stored; "" for a refusal
		code           string
	}{
		{"png with a location", "map.png", pngWithText(t), "png", ".png", ""},
		{"webp", "photo.webp", webp, "jpeg", ".jpg", ""},
		{"400 megapixels", "bomb.png", pngBomb(), "", "", "validation_image_too_large"},
		{"a jpeg that is not", "fake.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("x"), 200)...), "", "", "validation_image_unreadable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := hubtest.NewApp(t)
			defer app.Cleanup()
			before, _ := app.CountRecords("activities")
			res := proposal(t, app, hubtest.FamilyEmail, "draft", c.data, c.filename)
			if c.code != "" {
				assertFieldError(t, res, "cover", c.code)
				if after, _ := app.CountRecords("activities"); after != before {
					t.Errorf("%d activities written", after-before)
				}
				return
			}
			record := created(t, app, res)
			if !strings.HasSuffix(record.GetString("cover"), c.ext) {
				t.Errorf("stored as %q, want %s", record.GetString("cover"), c.ext)
			}
			data := stored(t, app, record)
			if found := metadataIn(data); len(found) > 0 {
				t.Errorf("stored file still has %v", found)
			}
			if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || format != c.format {
				t.Errorf("stored %s, %v; want %s", format, err, c.format)
			}
		})
	}
}

// A draft's cover is for whoever may see the draft: its proposer and staff
// get it (and only into their own browser's cache); a guest and another
// family get 404, for the original and every thumb. Once the activity is
// approved, everyone gets it, with a plain URL a shared cache may keep.
func TestADraftsCoverIsOnlyForWhoMaySeeTheDraft(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	record := created(t, app, proposal(t, app, hubtest.FamilyEmail, "draft", photoWithGPS(t), "cover.jpg"))
	url := "/api/files/activities/" + record.Id + "/" + record.GetString("cover")

	type asker struct {
		name, token, header string
	}
	guest := asker{"guest", "", ""}
	other := asker{"another family (file token)", fileToken(t, app, hubtest.OtherFamilyEmail), ""}
	otherHeader := asker{"another family (auth header)", "", hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)}
	owner := asker{"proposer", fileToken(t, app, hubtest.FamilyEmail), ""}
	staff := asker{"staff", fileToken(t, app, hubtest.StaffEmail), ""}
	get := func(a asker, variant string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: withToken(url+variant, a.token), Token: a.header})
	}

	for _, v := range variants {
		for _, a := range []asker{guest, other, otherHeader} {
			if res := get(a, v); res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
				t.Errorf("%s got the draft's cover%s: %d", a.name, v, res.Status)
			}
		}
		for _, a := range []asker{owner, staff} {
			res := get(a, v)
			if res.Status != http.StatusOK {
				t.Errorf("%s cannot get the draft's cover%s: %d", a.name, v, res.Status)
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
				t.Errorf("%s: the draft's cover%s may be kept by shared caches: %q", a.name, v, cc)
			}
		}
	}

	record.Set("status", "approved")
	if err := app.Save(record); err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		for _, a := range []asker{guest, other, owner, staff} {
			if res := get(a, v); res.Status != http.StatusOK {
				t.Errorf("%s cannot get the approved cover%s: %d", a.name, v, res.Status)
			}
		}
		res := get(guest, v)
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age") || strings.Contains(cc, "private") || strings.Contains(cc, "no-store") {
			t.Errorf("the public cover%s is not cacheable: %q", v, cc)
		}
	}
}

// Every file field of every collection is protected, so a later migration
// that adds one (proposal photos) cannot make a hidden record's files public.
func TestEveryFileFieldIsProtected(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range collections {
		for _, f := range c.Fields {
			if file, ok := f.(*core.FileField); ok {
				seen++
				if !file.Protected {
					t.Errorf("%s.%s is not protected", c.Name, file.Name)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no file field found")
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
