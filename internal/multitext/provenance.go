package multitext

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/vocab"
)

// ProvenanceField is the JSON field, on every collection of Fields, that
// says where each of the record's texts comes from. The server alone writes
// it: Maintain, on every save (TestProvenanceIsTheServers).
const ProvenanceField = "provenance"

// Who made a text.
const (
	ByAuthor   = "author"   // the record's owner (a proposer, an association)
	ByMediator = "mediator" // a cultural mediator
	ByStaff    = "staff"    // the centre's staff, the operator, the seed
)

// Provenance is the value of ProvenanceField: one entry per text of the
// record, keyed by its path ("title", or "service_lines.0.title" for a
// text inside a list).
type Provenance map[string]*TextProvenance

// TextProvenance is where one text comes from: its original and each
// translation of it.
type TextProvenance struct {
	// Original is the language the text is written in first.
	Original string `json:"original"`
	// Hash identifies the original text as it is now (Hash(text)).
	Hash string `json:"hash"`
	// By and At: who last wrote the original, and when.
	By string `json:"by"`
	At string `json:"at"`
	// Translations by language.
	Translations map[string]*Translation `json:"translations,omitempty"`
}

// Translation is where one translation comes from.
type Translation struct {
	By    string `json:"by"`
	Actor string `json:"actor,omitempty"` // the account id (never a name)
	At    string `json:"at"`
	// Hash is the original's Hash when the translation was written;
	// Outdated is Hash != the original's Hash now.
	Hash       string `json:"hash"`
	Outdated   bool   `json:"outdated,omitempty"`
	ReviewedBy string `json:"reviewed_by,omitempty"`
	ReviewedAt string `json:"reviewed_at,omitempty"`
}

// Hash identifies an original text: the first 12 hex digits of its SHA-256
// (enough to tell one version of a text from the next).
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:6])
}

// Keys of a record's custom data (never stored, never loaded from a
// request body: PocketBase's form sets only the collection's fields).
const (
	actorKey   = "@hubTextActor"
	reviewsKey = "@hubTextReviews"
)

// SetActor says who is saving record: every path that saves a content
// record for someone calls it (the records API's request hooks, the
// mutations' Call.Save). A save without it is the system's (seed, cron,
// migrations): staff.
func SetActor(record, auth *core.Record) {
	record.SetRaw(actorKey, auth)
}

// MarkReviewed asks the next save of record to mark the translation at
// path into lang reviewed by reviewer (internal/translations.Review).
func MarkReviewed(record *core.Record, path, lang string, reviewer *core.Record) {
	reviews, _ := record.GetRaw(reviewsKey).([]review)
	record.SetRaw(reviewsKey, append(reviews, review{path, lang, reviewer.Id}))
}

type review struct{ path, lang, reviewer string }

// actorOf is who saves record: its kind and account id.
func actorOf(record *core.Record) (string, string) {
	auth, _ := record.GetRaw(actorKey).(*core.Record)
	switch {
	case auth == nil:
		return ByStaff, ""
	case vocab.IsStaff(auth):
		return ByStaff, auth.Id
	case vocab.HasRole(auth, vocab.RoleMediator):
		return ByMediator, auth.Id
	default:
		return ByAuthor, auth.Id
	}
}

// ReadProvenance decodes a record's stored provenance (empty when none).
func ReadProvenance(record *core.Record) Provenance {
	p := Provenance{}
	_ = json.Unmarshal([]byte(record.GetString(ProvenanceField)), &p)
	for path, tp := range p {
		if tp == nil {
			delete(p, path)
		}
	}
	return p
}

// Maintain sets record's provenance from what this save changes: it reads
// the provenance stored before (record.Original(), never the value a
// client sent), compares each text with the text before, and records the
// saver (SetActor) as the maker of each text that changed. A text
// unchanged keeps its entry; one without an entry was there before
// provenance existed (the backfill): staff's, as of the record's last
// update, and current as of the original then. A translation is outdated
// when the original's hash differs from the one it was made from; any
// change of it clears its review.
// The records API, the mutations, staff edits and the seed all reach it
// through the save hook (register.go); proved by
// TestProvenanceFollowsEveryPath and TestOutdatedAfterTheOriginalChanges.
func Maintain(record *core.Record) {
	fields, ok := Fields[record.Collection().Name]
	if !ok || record.Collection().Fields.GetByName(ProvenanceField) == nil {
		return
	}
	original := record.Original()
	old := ReadProvenance(original)
	by, actor := actorOf(record)
	now := types.NowDateTime().String()
	legacyAt := original.GetDateTime("updated").String()
	if original.IsNew() || legacyAt == "" {
		legacyAt = now
	}
	reviews, _ := record.GetRaw(reviewsKey).([]review)

	out := Provenance{}
	for field := range fields {
		source := SourceLanguage(record, field)
		before := TextsAt(field, original.Get(field))
		for path, text := range TextsAt(field, record.Get(field)) {
			if text.empty() {
				continue
			}
			was := before[path]
			prev := old[path]
			if prev != nil && prev.Original != source {
				prev = nil // the original language changed: start again
			}
			tp := &TextProvenance{Original: source, Hash: Hash(text[source])}
			switch {
			case prev != nil && was[source] == text[source]:
				tp.By, tp.At = prev.By, prev.At
			case was[source] == text[source] && text[source] != "":
				tp.By, tp.At = ByStaff, legacyAt
			case text[source] != "":
				tp.By, tp.At = by, now
			}
			for lang, value := range text {
				if lang == source || value == "" || !vocab.IsLanguage(lang) {
					continue
				}
				var tr Translation
				var prevTr *Translation
				if prev != nil {
					prevTr = prev.Translations[lang]
				}
				switch {
				case was[lang] == value && prevTr != nil:
					tr = *prevTr
				case was[lang] == value:
					tr = Translation{By: ByStaff, At: legacyAt, Hash: Hash(was[source])}
				default:
					tr = Translation{By: by, Actor: actor, At: now, Hash: tp.Hash}
				}
				for _, r := range reviews {
					if r.path == path && r.lang == lang {
						tr.ReviewedBy, tr.ReviewedAt = r.reviewer, now
					}
				}
				tr.Outdated = tr.Hash != tp.Hash
				if tp.Translations == nil {
					tp.Translations = map[string]*Translation{}
				}
				tp.Translations[lang] = &tr
			}
			out[path] = tp
		}
	}
	raw, _ := json.Marshal(out)
	record.Set(ProvenanceField, types.JSONRaw(raw))
	record.SetRaw(reviewsKey, nil)
}

func (t Text) empty() bool {
	for _, v := range t {
		if v != "" {
			return false
		}
	}
	return true
}

// TextsAt finds the texts in a field's value by path: the field itself
// when it is a text ({"it": …}), else the texts inside it at any depth
// (the centre's service lines: "service_lines.0.title"). A text is an
// object whose keys are all languages and whose values are strings.
func TextsAt(field string, value any) map[string]Text {
	out := map[string]Text{}
	walkTexts(field, normalize(value), out)
	return out
}

func normalize(value any) any {
	var raw []byte
	switch v := value.(type) {
	case nil:
		return nil
	case types.JSONRaw:
		raw = v
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	default:
		raw, _ = json.Marshal(v)
	}
	var out any
	if len(raw) == 0 || json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return out
}

func walkTexts(path string, value any, out map[string]Text) {
	switch v := value.(type) {
	case map[string]any:
		if text, ok := asText(v); ok {
			out[path] = text
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkTexts(path+"."+k, v[k], out)
		}
	case []any:
		for i, item := range v {
			walkTexts(path+"."+strconv.Itoa(i), item, out)
		}
	}
}

func asText(m map[string]any) (Text, bool) {
	if len(m) == 0 {
		return nil, false
	}
	text := Text{}
	for k, v := range m {
		s, isString := v.(string)
		if !vocab.IsLanguage(k) || !isString {
			return nil, false
		}
		text[k] = s
	}
	return text, true
}

// htmlTag is an HTML tag or comment: "<" then a letter, "/", "!" or "?",
// up to ">". "età < 3 anni" or "<3" is no tag.
var htmlTag = regexp.MustCompile(`<[A-Za-z/!?][^<>]*>`)

// CheckTranslationText refuses a translation that is not plain text of a
// bounded length. A tag would be shown as it is (the hub never renders
// text as HTML): it means text pasted from a web page, or an attempt.
// Proved by TestBadTranslationsAreRefused (internal/translations).
func CheckTranslationText(text string) error {
	if htmlTag.MatchString(text) {
		return validation.NewError("translation_html", "A translation is plain text: remove the HTML tags (<…>)")
	}
	if utf8.RuneCountInString(text) > MaxRunes {
		return validation.NewError("validation_multitext_too_long", "Each translation may have at most {{.max}} characters").
			SetParams(map[string]any{"max": MaxRunes})
	}
	return nil
}
