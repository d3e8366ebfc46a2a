package inputguard

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// bodyKey names the whole body in an error when no field can be named.
const bodyKey = "body"

// RequestUTF8 refuses a request whose text is not UTF-8: the whole body of a
// JSON or text request, the names and values of a form (file contents are
// bytes, not text, and are left to the file checks). PocketBase would store a
// form's bytes raw; its JSON decoder refuses them without saying why.
func RequestUTF8(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return nil
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mediaType == "multipart/form-data":
		if err := r.ParseMultipartForm(router.DefaultMaxMemory); err != nil {
			return nil // not a readable form: PocketBase refuses it itself
		}
		return formUTF8(r.MultipartForm.Value)
	case mediaType == "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil
		}
		return formUTF8(r.PostForm)
	case mediaType == "application/json" || strings.HasPrefix(mediaType, "text/"):
		raw, err := io.ReadAll(r.Body)
		// the router's body can be read again; rewind it (and its size limit)
		if rereader, ok := r.Body.(router.Rereader); ok {
			rereader.Reread()
		}
		if err != nil {
			return nil // too big or cut short: PocketBase refuses it when it reads it
		}
		if !utf8.Valid(raw) {
			return validation.Errors{bodyKey: errInvalidUTF8()}
		}
	}
	return nil
}

func formUTF8(values url.Values) error {
	errs := validation.Errors{}
	for key, list := range values {
		if !utf8.ValidString(key) {
			errs[bodyKey] = errInvalidUTF8()
			continue
		}
		for _, v := range list {
			if !utf8.ValidString(v) {
				errs[key] = errInvalidUTF8()
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// numberText is how a number may be written in a form: digits, an optional
// minus and decimal point. No spaces, exponents, "Inf" or decimal commas.
var numberText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// NumberInput is the rule for a value sent for a number field: a JSON
// number, or a string that is plainly a number; "" and null clear the field
// (PocketBase stores 0, which is what an empty number means). Anything else
// ("10abc", "45,13", true, a list) would be cast to 0 by PocketBase: for a
// capacity that means "no limit".
func NumberInput(v any) error {
	switch value := v.(type) {
	case nil:
		return nil
	case float64, float32, int, int64, int32:
		return nil
	case string:
		if value == "" || numberText.MatchString(value) {
			return nil
		}
	}
	return validation.NewError("validation_number_format", "Write a number with digits only, e.g. 10 or 45.13")
}

// NumberFields checks the submitted body of a record request: every number
// field of the collection, under its own name or a modifier ("capacity+",
// "capacity-"), must hold a number.
func NumberFields(collection *core.Collection, body map[string]any) error {
	errs := validation.Errors{}
	for _, field := range collection.Fields {
		if field.Type() != core.FieldTypeNumber {
			continue
		}
		name := field.GetName()
		for _, key := range []string{name, name + "+", name + "-", "+" + name} {
			value, sent := body[key]
			if !sent {
				continue
			}
			if err := NumberInput(value); err != nil {
				errs[name] = err
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
