package mutations_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/cremona/hug/internal/hubtest"
	"github.com/cremona/hug/internal/moderation"
	"github.com/cremona/hug/internal/mutations"
)

// proposal is a propose_activity's arguments: one date 30 days ahead, in
// Italian, a draft.
func proposal(dates ...string) map[string]any {
	if len(dates) == 0 {
		dates = []string{recordID()}
	}
	list := []map[string]any{}
	for i, id := range dates {
		list = append(list, map[string]any{"activity": id, "starts_at": hubtest.InDays(30+7*i, "16:00"), "ends_at": hubtest.InDays(30+7*i, "18:00")})
	}
	return map[string]any{"dates": list, "language": "it", "title": "Merenda al parco", "summary": "Giochi e merenda",
		"kind": "play", "address": "Parco del Po, Cremona", "age_bands": []string{"3-6"}, "capacity": 12, "registration_required": true}
}

func statusOf(t *testing.T, app core.App, id string) string {
	t.Helper()
	a, err := app.FindRecordById("activities", id)
	if err != nil {
		return "(gone)"
	}
	return a.GetString("status")
}

// decide is a staff decision through the records API, with its reason.
func decide(t *testing.T, app *tests.TestApp, id, status string) {
	t.Helper()
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPatch, URL: "/api/collections/activities/records/" + id,
		Token: hubtest.Token(t, app, "users", hubtest.StaffEmail), Body: map[string]any{"status": status, "moderation_reason": "Motivo dello staff"}})
	if res.Status != http.StatusOK {
		t.Fatalf("staff %s: %d %s", status, res.Status, res.Body)
	}
}

func expectApplied(t *testing.T, what string, out mutations.Outcome) {
	t.Helper()
	if out.Status != "applied" {
		t.Errorf("%s: %+v, want applied", what, out.Error)
	}
}

func expectRejected(t *testing.T, what string, out mutations.Outcome, code string) {
	t.Helper()
	if out.Status != "rejected" || out.Error == nil || out.Error.Code != code {
		t.Errorf("%s: %s %+v, want rejected with %s", what, out.Status, out.Error, code)
	}
}

// TestProposalTransitionsPerRole: who may propose, and every move of a
// proposal through its states, allowed and refused, for each role. A guest
// cannot send mutations at all.
func TestProposalTransitionsPerRole(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	tokens := map[string]string{}
	for role, email := range map[string]string{"family": hubtest.FamilyEmail, "other": hubtest.OtherFamilyEmail, "unverified": hubtest.NewAssocEmail,
		"verified": hubtest.VerifiedEmail, "mediator": hubtest.MediatorEmail, "staff": hubtest.StaffEmail} {
		tokens[role] = hubtest.Token(t, app, "users", email)
	}

	// Proposing.
	guest := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/hub/mutations",
		Body: map[string]any{"mutations": []m{{hubtest.MutationID(), "propose_activity", proposal()}}}})
	if guest.Status != http.StatusUnauthorized {
		t.Errorf("a guest's proposal: %d", guest.Status)
	}
	for role, code := range map[string]string{"family": "", "verified": "", "staff": "",
		"unverified": "proposal_association_unverified", "mediator": "proposal_role_not_allowed"} {
		out := one(t, app, tokens[role], "propose_activity", proposal())
		if code == "" {
			expectApplied(t, role+" proposes", out)
		} else {
			expectRejected(t, role+" proposes", out, code)
		}
	}
	solco := hubtest.BySlug(t, app, "organizations", "consorzio-solco")
	withOrg := proposal()
	withOrg["organization"] = solco.Id
	expectApplied(t, "a verified association proposes under its name", one(t, app, tokens["verified"], "propose_activity", withOrg))
	expectRejected(t, "a family proposes under an association's name", one(t, app, tokens["family"], "propose_activity", withOrg), "organization_not_member")

	// A family's proposal through its states.
	id := recordID()
	expectApplied(t, "draft", one(t, app, tokens["family"], "propose_activity", proposal(id)))
	if s := statusOf(t, app, id); s != "draft" {
		t.Fatalf("a new proposal is %s, want draft", s)
	}
	others := func(what string, name string, args map[string]any) {
		t.Helper()
		for role, code := range map[string]string{"other": "error_status_404", "unverified": "error_status_404", "verified": "error_status_404",
			"mediator": "not_yours", "staff": "not_yours"} {
			expectRejected(t, role+" "+what, one(t, app, tokens[role], name, args), code)
		}
	}
	ref := map[string]any{"activity": id}
	others("submits the family's draft", "submit_proposal", ref)
	others("edits the family's draft", "update_proposal", map[string]any{"activity": id, "title": "Rubato"})
	expectRejected(t, "withdraw a draft", one(t, app, tokens["family"], "withdraw_proposal", ref), "validation_status_change")
	expectApplied(t, "submit", one(t, app, tokens["family"], "submit_proposal", ref))
	if s := statusOf(t, app, id); s != "pending" {
		t.Errorf("submitted: %s", s)
	}
	expectApplied(t, "withdraw while pending", one(t, app, tokens["family"], "withdraw_proposal", ref))
	if s := statusOf(t, app, id); s != "draft" {
		t.Errorf("withdrawn: %s", s)
	}
	expectApplied(t, "submit again", one(t, app, tokens["family"], "submit_proposal", ref))

	decide(t, app, id, "changes_requested")
	expectApplied(t, "edit after changes requested", one(t, app, tokens["family"], "update_proposal", map[string]any{"activity": id, "title": "Merenda al parco (corretto)"}))
	if s := statusOf(t, app, id); s != "changes_requested" {
		t.Errorf("edited after changes requested: %s, want it to wait for the resubmission", s)
	}
	expectApplied(t, "resubmit", one(t, app, tokens["family"], "submit_proposal", ref))
	if s := statusOf(t, app, id); s != "pending" {
		t.Errorf("resubmitted: %s", s)
	}
	decide(t, app, id, "rejected")
	expectApplied(t, "submit after a rejection", one(t, app, tokens["family"], "submit_proposal", ref))
	decide(t, app, id, "approved")
	expectRejected(t, "submit a published one", one(t, app, tokens["family"], "submit_proposal", ref), "validation_status_change")
	others2 := map[string]string{"other": "not_yours", "verified": "not_yours", "mediator": "not_yours", "staff": "not_yours"}
	for role, code := range others2 {
		expectRejected(t, role+" withdraws a published one", one(t, app, tokens[role], "withdraw_proposal", ref), code)
	}
	expectApplied(t, "withdraw a published one", one(t, app, tokens["family"], "withdraw_proposal", ref))
	if s := statusOf(t, app, id); s != "cancelled" {
		t.Errorf("withdrawn after approval: %s, want cancelled", s)
	}
	expectRejected(t, "submit a cancelled one", one(t, app, tokens["family"], "submit_proposal", ref), "validation_status_change")
	expectRejected(t, "edit a cancelled one", one(t, app, tokens["family"], "update_proposal", map[string]any{"activity": id, "title": "Riaperto?"}), "activity_cancelled_frozen")

	// A member of the organization is an owner of its proposal.
	orgID := recordID()
	withOrg = proposal(orgID)
	withOrg["organization"] = solco.Id
	expectApplied(t, "association proposal", one(t, app, tokens["verified"], "propose_activity", withOrg))
	expectApplied(t, "association submits", one(t, app, tokens["verified"], "submit_proposal", map[string]any{"activity": orgID}))
}

// TestACycleIsOneProposalOfLinkedDates: three dates make three activities
// sharing a series (the cycle registration reads), moved together.
func TestACycleIsOneProposalOfLinkedDates(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	ids := []string{recordID(), recordID(), recordID()}
	expectApplied(t, "cycle", one(t, app, token, "propose_activity", proposal(ids...)))
	series := ""
	for _, id := range ids {
		a, err := app.FindRecordById("activities", id)
		if err != nil {
			t.Fatal(err)
		}
		if series == "" {
			series = a.GetString("series")
		}
		if a.GetString("series") == "" || a.GetString("series") != series {
			t.Errorf("date %s: series %q", id, a.GetString("series"))
		}
	}
	expectApplied(t, "submit the cycle", one(t, app, token, "submit_proposal", map[string]any{"activity": ids[1]}))
	expectApplied(t, "retitle the cycle", one(t, app, token, "update_proposal", map[string]any{"activity": ids[0], "title": "Tre merende"}))
	for _, id := range ids {
		a, _ := app.FindRecordById("activities", id)
		if a.GetString("status") != "pending" || !strings.Contains(a.GetString("title"), "Tre merende") {
			t.Errorf("date %s: %s %s", id, a.GetString("status"), a.GetString("title"))
		}
	}
}

// TestAProposalInArabicIsStoredInArabic: the texts are stored under the
// proposer's language, which is recorded; no Italian is needed; once
// published, a guest reads it.
func TestAProposalInArabicIsStoredInArabic(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	id := recordID()
	args := proposal(id)
	args["language"], args["title"], args["summary"], args["address"] = "ar", "لقاء الأمهات", "قهوة وحديث", "حديقة بو"
	expectApplied(t, "Arabic proposal", one(t, app, token, "propose_activity", args))
	a, _ := app.FindRecordById("activities", id)
	if a.GetString("original_language") != "ar" || a.GetString("title") != `{"ar":"لقاء الأمهات"}` || a.GetString("location_note") != `{"ar":"حديقة بو"}` {
		t.Errorf("stored: %s %s %s", a.GetString("original_language"), a.GetString("title"), a.GetString("location_note"))
	}
	expectRejected(t, "an Arabic proposal loses its Arabic title", one(t, app, token, "update_proposal", map[string]any{"activity": id, "title": ""}),
		"validation_multitext_original_required")
	decide(t, app, id, "approved")
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: "/api/collections/activities/records/" + id})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "لقاء الأمهات") {
		t.Errorf("a guest reads: %d %s", res.Status, res.Body)
	}
}

// TestProposalsPerDayAreLimited: pb_hooks/proposals.pb.js allows 5
// proposals in 24 hours per account, on every path; a cycle counts once;
// staff are not limited.
func TestProposalsPerDayAreLimited(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	family := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	for i := 1; i <= 4; i++ {
		expectApplied(t, "proposal", one(t, app, family, "propose_activity", proposal()))
	}
	// The fifth is a cycle: its second and third dates are no new proposal.
	expectApplied(t, "a cycle of three dates", one(t, app, family, "propose_activity", proposal(recordID(), recordID(), recordID())))
	sixth := one(t, app, family, "propose_activity", proposal())
	expectRejected(t, "the sixth proposal", sixth, "proposal_daily_limit")
	if sixth.Error != nil && !strings.Contains(sixth.Error.Message, "domani") {
		t.Errorf("the refusal in Italian: %q", sixth.Error.Message)
	}
	// The records API is held to the same limit.
	me, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	res := hubtest.Do(t, app, hubtest.Request{Method: http.MethodPost, URL: "/api/collections/activities/records", Token: family,
		Body: map[string]any{"title": map[string]string{"it": "Ancora"}, "kind": "play", "status": "draft", "proposer": me.Id,
			"starts_at": hubtest.InDays(40, "10:00"), "ends_at": hubtest.InDays(40, "11:00")}})
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "proposal_daily_limit") {
		t.Errorf("records API, sixth: %d %s", res.Status, res.Body)
	}
	// Another family is not affected; staff are not limited.
	expectApplied(t, "another family", one(t, app, hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail), "propose_activity", proposal()))
	staff := hubtest.Token(t, app, "users", hubtest.StaffEmail)
	for i := 0; i < 6; i++ {
		expectApplied(t, "staff", one(t, app, staff, "propose_activity", proposal()))
	}
}

// TestProposalBadInput: each refused with the field it is about, or kept
// as plain text.
func TestProposalBadInput(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	field := func(out mutations.Outcome) string {
		for k := range out.Error.Data {
			return k
		}
		return ""
	}
	cases := []struct {
		name, field, code string
		change            func(args map[string]any)
	}{
		{"in the past", "starts_at", "proposal_in_past", func(a map[string]any) {
			a["dates"] = []map[string]any{{"activity": recordID(), "starts_at": hubtest.InDays(-2, "10:00"), "ends_at": hubtest.InDays(-2, "11:00")}}
		}},
		{"end before start", "ends_at", "validation_ends_before_starts", func(a map[string]any) {
			a["dates"] = []map[string]any{{"activity": recordID(), "starts_at": hubtest.InDays(20, "10:00"), "ends_at": hubtest.InDays(20, "09:00")}}
		}},
		{"no title", "title", "validation_multitext_source_required", func(a map[string]any) { a["title"] = "" }},
		{"no title in Arabic", "title", "validation_multitext_original_required", func(a map[string]any) { a["title"], a["language"] = "", "ar" }},
	}
	for _, c := range cases {
		args := proposal()
		c.change(args)
		out := one(t, app, token, "propose_activity", args)
		expectRejected(t, c.name, out, c.code)
		if out.Error != nil && field(out) != c.field {
			t.Errorf("%s: the refusal is about %q, want %q", c.name, field(out), c.field)
		}
	}

	id := recordID()
	args := proposal(id)
	script := `<script>alert("x")</script><b>Merenda</b>`
	args["title"], args["summary"] = script, `<img src=x onerror=alert(1)>`
	expectApplied(t, "HTML in the text", one(t, app, token, "propose_activity", args))
	a, _ := app.FindRecordById("activities", id)
	var title map[string]string
	_ = json.Unmarshal([]byte(a.GetString("title")), &title)
	if title["it"] != script {
		t.Errorf("the text is kept as the person wrote it (plain text, escaped where shown): %q", title["it"])
	}

	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xFF}, 20<<20))
	out := one(t, app, token, "set_proposal_photo", map[string]any{"activity": id, "photo": big})
	expectRejected(t, "a 20 MB photo", out, "validation_file_size_limit")
	if out.Error != nil && field(out) != "cover" {
		t.Errorf("20 MB: about %q", field(out))
	}
	out = one(t, app, token, "set_proposal_photo", map[string]any{"activity": id, "photo": base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 not a photo"))})
	expectRejected(t, "not an image", out, "validation_invalid_mime_type")
	if out.Error != nil && field(out) != "cover" {
		t.Errorf("not an image: about %q", field(out))
	}
	if a, _ := app.FindRecordById("activities", id); a.GetString("cover") != "" {
		t.Errorf("a refused photo was stored: %s", a.GetString("cover"))
	}
}

// photoWithGPS is a JPEG carrying an EXIF segment with a GPS note.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		t.Fatal(err)
	}
	// APP1: a big-endian TIFF header, an empty IFD0, then the secret.
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"), []byte("GPS 45.1367N 10.0227E Cremona")...)
	segment := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(segment[2:], uint16(len(payload)+2))
	raw := plain.Bytes()
	return append(append(append([]byte{}, raw[:2]...), append(segment, payload...)...), raw[2:]...)
}

func storedCover(t *testing.T, app core.App, record *core.Record, field string) []byte {
	t.Helper()
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	r, err := fsys.GetReader(record.BaseFilesPath() + "/" + record.GetString(field))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	return data
}

// TestAPhotoThroughTheProposalLosesItsEXIF: the photo the phone sends with
// set_proposal_photo is stored without its EXIF (internal/files).
func TestAPhotoThroughTheProposalLosesItsEXIF(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	token := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	id := recordID()
	expectApplied(t, "propose", one(t, app, token, "propose_activity", proposal(id)))
	photo := photoWithGPS(t)
	if !bytes.Contains(photo, []byte("Cremona")) {
		t.Fatal("the test photo has no GPS note")
	}
	expectApplied(t, "photo", one(t, app, token, "set_proposal_photo", map[string]any{"activity": id, "photo": base64.StdEncoding.EncodeToString(photo)}))
	a, _ := app.FindRecordById("activities", id)
	if a.GetString("cover") == "" {
		t.Fatal("no cover stored")
	}
	stored := storedCover(t, app, a, "cover")
	if bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte("Cremona")) {
		t.Error("the stored photo still carries its EXIF")
	}
	if _, _, err := image.Decode(bytes.NewReader(stored)); err != nil {
		t.Errorf("the stored photo is no image: %v", err)
	}
}

// TestARevisionKeepsTheApprovedVersionPublic: an owner's edit of a
// published activity waits as a revision: the public, and the family who
// registered, still read the approved version; the owner sees the revision;
// staff reject it (with a reason) or approve it (then it is published).
func TestARevisionKeepsTheApprovedVersionPublic(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	owner := hubtest.Token(t, app, "users", hubtest.FamilyEmail)
	other := hubtest.Token(t, app, "users", hubtest.OtherFamilyEmail)
	staff, _ := app.FindAuthRecordByEmail("users", hubtest.StaffEmail)
	id := recordID()
	expectApplied(t, "propose", one(t, app, owner, "propose_activity", proposal(id)))
	expectApplied(t, "submit", one(t, app, owner, "submit_proposal", map[string]any{"activity": id}))
	decide(t, app, id, "approved")
	expectApplied(t, "another family registers", one(t, app, other, "register", map[string]any{"registration": recordID(), "activity": id, "adults": 1, "children": 1}))

	expectApplied(t, "the owner edits", one(t, app, owner, "update_proposal", map[string]any{"activity": id, "title": "Merenda spostata", "capacity": 20}))
	expectApplied(t, "the owner changes the photo", one(t, app, owner, "set_proposal_photo", map[string]any{"activity": id, "photo": base64.StdEncoding.EncodeToString(photoWithGPS(t))}))
	a, _ := app.FindRecordById("activities", id)
	if a.GetString("status") != "approved" || strings.Contains(a.GetString("title"), "spostata") || a.GetInt("capacity") != 12 || a.GetString("cover") != "" {
		t.Errorf("the published version changed: %s %s %d %q", a.GetString("status"), a.GetString("title"), a.GetInt("capacity"), a.GetString("cover"))
	}
	read := func(token, url string) hubtest.Response {
		return hubtest.Do(t, app, hubtest.Request{Method: http.MethodGet, URL: url, Token: token})
	}
	for who, token := range map[string]string{"guest": "", "the registered family": other} {
		res := read(token, "/api/collections/activities/records/"+id)
		if res.Status != http.StatusOK || strings.Contains(string(res.Body), "spostata") || !strings.Contains(string(res.Body), "Merenda al parco") {
			t.Errorf("%s reads: %d %s", who, res.Status, res.Body)
		}
		if res := read(token, "/api/collections/activity_revisions/records"); strings.Contains(string(res.Body), "spostata") {
			t.Errorf("%s reads the revision: %s", who, res.Body)
		}
	}
	if res := read(owner, "/api/collections/activity_revisions/records"); !strings.Contains(string(res.Body), "spostata") {
		t.Errorf("the owner does not see the revision: %s", res.Body)
	}
	rev, _ := moderation.Revision(app, id)
	if rev == nil || rev.GetString("status") != "pending" || rev.GetString("cover") == "" {
		t.Fatalf("revision: %v", rev)
	}
	if stored := storedCover(t, app, rev, "cover"); bytes.Contains(stored, []byte("Cremona")) {
		t.Error("the revision's photo keeps its EXIF")
	}

	family, _ := app.FindAuthRecordByEmail("users", hubtest.FamilyEmail)
	if err := moderation.ApproveRevision(app, family, id, ""); err == nil {
		t.Error("the owner approved their own revision")
	}
	if err := moderation.RejectRevision(app, staff, id, ""); err == nil {
		t.Error("a revision rejected without a reason")
	}
	if err := moderation.RejectRevision(app, staff, id, "La data non va bene"); err != nil {
		t.Fatal(err)
	}
	rev, _ = moderation.Revision(app, id)
	if rev.GetString("status") != "rejected" || rev.GetString("reason") != "La data non va bene" {
		t.Errorf("rejected revision: %s %q", rev.GetString("status"), rev.GetString("reason"))
	}
	if err := moderation.ApproveRevision(app, staff, id, ""); err == nil {
		t.Error("a rejected revision was applied")
	}

	expectApplied(t, "the owner edits again", one(t, app, owner, "update_proposal", map[string]any{"activity": id, "summary": "Con la torta"}))
	rev, _ = moderation.Revision(app, id)
	if rev.GetString("status") != "pending" || rev.GetString("reason") != "" || !strings.Contains(rev.GetString("fields"), "spostata") {
		t.Errorf("edited again: %s %q %s", rev.GetString("status"), rev.GetString("reason"), rev.GetString("fields"))
	}
	if err := moderation.ApproveRevision(app, staff, id, "Va bene"); err != nil {
		t.Fatal(err)
	}
	a, _ = app.FindRecordById("activities", id)
	if a.GetString("status") != "approved" || !strings.Contains(a.GetString("title"), "spostata") || !strings.Contains(a.GetString("summary"), "torta") ||
		a.GetInt("capacity") != 20 || a.GetString("cover") == "" {
		t.Errorf("approved revision not applied: %s %s %s %d %q", a.GetString("status"), a.GetString("title"), a.GetString("summary"), a.GetInt("capacity"), a.GetString("cover"))
	}
	if rev, _ := moderation.Revision(app, id); rev != nil {
		t.Error("the approved revision is still there")
	}
	if n := hubtest.Count(t, app, "audit_log", "action = 'approve_revision' && target_id = {:a}", map[string]any{"a": id}); n != 1 {
		t.Errorf("%d audit lines for the approval", n)
	}
	if res := read("", "/api/collections/activities/records/"+id); !strings.Contains(string(res.Body), "spostata") {
		t.Errorf("the public reads the approved change: %s", res.Body)
	}
}
