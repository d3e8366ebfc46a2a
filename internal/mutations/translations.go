package mutations

import (
	"github.com/cremona/hug/internal/translations"
)

// The mediators' workplace (/translate): a translation saved as a draft or
// published, and a published one marked reviewed. Each calls the one Go
// function of internal/translations.
func init() {
	Register("save_translation", saveTranslation)
	Register("review_translation", reviewTranslation)
}

// SaveTranslationArgs: the text, its record, field path and language, and
// "draft" or "publish".
type SaveTranslationArgs struct {
	translations.Target
	Text string `json:"text"`
	Mode string `json:"mode"`
}

func (a *SaveTranslationArgs) Validate() error {
	if err := checkRecordID("record", a.Record); err != nil {
		return err
	}
	if a.Mode != "draft" && a.Mode != "publish" {
		return badArgs("mode")
	}
	return nil
}

func saveTranslation(c *Call, a *SaveTranslationArgs) (Result, error) {
	record, err := translations.Save(c.App, c.Auth, a.Target, a.Text, a.Mode == "publish")
	if err != nil {
		return Result{}, err
	}
	return Result{Record: record}, nil
}

// ReviewTranslationArgs: the published translation to mark reviewed.
type ReviewTranslationArgs struct {
	translations.Target
}

func (a *ReviewTranslationArgs) Validate() error { return checkRecordID("record", a.Record) }

func reviewTranslation(c *Call, a *ReviewTranslationArgs) (Result, error) {
	record, err := translations.Review(c.App, c.Auth, a.Target)
	if err != nil {
		return Result{}, err
	}
	return Result{Record: record}, nil
}
