package vocab

// ReasonTemplates are the reasons staff pick from when they reject a
// proposal or ask for changes. A decision stores the template's id (and the
// staff's free text); each template's text is the message
// "moderation_template_<id>" in every language of locales/, so the proposer
// reads it in theirs (TestEveryReasonTemplateSpeaksEveryLanguage).
var ReasonTemplates = []string{
	"details_missing",
	"date_or_place",
	"not_for_families",
	"commercial",
	"duplicate",
	"text_unclear",
	"translation_needed",
}

// IsReasonTemplate reports whether id is one of ReasonTemplates.
func IsReasonTemplate(id string) bool {
	for _, t := range ReasonTemplates {
		if t == id {
			return true
		}
	}
	return false
}

// ReasonTemplateMessage is the locale message id of a template's text.
func ReasonTemplateMessage(id string) string { return "moderation_template_" + id }
