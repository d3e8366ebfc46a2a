package mail

import (
	"bytes"
	"html/template"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/cremona/hug/internal/i18n"
	"github.com/cremona/hug/internal/reading"
	"github.com/cremona/hug/internal/vocab"
)

// Localize renders the one-time code, verification and password-reset
// e-mails (PocketBase's templates are English) from locales/ in the
// account's language: the first of its `languages` the hub has, else
// Italian; subject and HTML body, the body marked with the language and
// its direction (an Arabic e-mail is dir="rtl"). The code and the link are
// PocketBase's own. Proved by TestEmailsSpeakTheAccountsLanguage.
func Localize(app core.App, catalog *i18n.Catalog) {
	app.OnMailerRecordOTPSend().Bind(&hook.Handler[*core.MailerRecordEvent]{Id: "hubMailLocalizedOTP", Func: func(e *core.MailerRecordEvent) error {
		code, _ := e.Meta["password"].(string)
		render(e, catalog, "mail_otp_subject", []string{"mail_otp_body"}, code, "", "")
		return e.Next()
	}})
	app.OnMailerRecordVerificationSend().Bind(&hook.Handler[*core.MailerRecordEvent]{Id: "hubMailLocalizedVerification", Func: func(e *core.MailerRecordEvent) error {
		token, _ := e.Meta["token"].(string)
		render(e, catalog, "mail_verify_subject", []string{"mail_verify_body"}, "", e.App.Settings().Meta.AppURL+"/_/#/auth/confirm-verification/"+token, "mail_verify_button")
		return e.Next()
	}})
	app.OnMailerRecordPasswordResetSend().Bind(&hook.Handler[*core.MailerRecordEvent]{Id: "hubMailLocalizedReset", Func: func(e *core.MailerRecordEvent) error {
		token, _ := e.Meta["token"].(string)
		render(e, catalog, "mail_reset_subject", []string{"mail_reset_body"}, "", e.App.Settings().Meta.AppURL+"/_/#/auth/confirm-password-reset/"+token, "mail_reset_button")
		return e.Next()
	}})
}

var mailPage = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}"><body>
<div lang="{{.Lang}}" dir="{{.Dir}}">
<p>{{.Greeting}}</p>
{{range .Lines}}<p>{{.}}</p>
{{end}}{{if .Code}}<p><strong dir="ltr">{{.Code}}</strong></p>
{{end}}{{if .Link}}<p><a class="btn" href="{{.Link}}" target="_blank" rel="noopener">{{.Button}}</a></p>
<p dir="ltr">{{.Link}}</p>
{{end}}<p><i>{{.Ignore}}</i></p>
<p>{{.Signature}}</p>
</div>
</body></html>`))

// LanguageOf is the language of an account's e-mails.
func LanguageOf(record *core.Record) string {
	if langs := reading.Known(record.GetStringSlice("languages")); len(langs) > 0 {
		return langs[0]
	}
	return vocab.Source
}

func render(e *core.MailerRecordEvent, catalog *i18n.Catalog, subject string, lines []string, code, link, button string) {
	lang := LanguageOf(e.Record)
	data := map[string]any{"App": e.App.Settings().Meta.AppName}
	t := func(id string) string { return catalog.T(lang, id, data) }
	var body bytes.Buffer
	values := map[string]any{
		"Lang": lang, "Dir": vocab.Direction(lang), "Greeting": t("mail_greeting"),
		"Code": code, "Link": template.URL(link), "Button": "", "Ignore": t("mail_ignore"), "Signature": t("mail_signature"),
	}
	var ls []string
	for _, l := range lines {
		ls = append(ls, t(l))
	}
	values["Lines"] = ls
	if button != "" {
		values["Button"] = t(button)
	}
	if err := mailPage.Execute(&body, values); err != nil {
		return // PocketBase's English message stays
	}
	e.Message.Subject = t(subject)
	e.Message.HTML = body.String()
}
