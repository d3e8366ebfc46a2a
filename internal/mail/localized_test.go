package mail_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"

	"github.com/cremona/hug/internal/hubtest"
)

// TestEmailsSpeakTheAccountsLanguage: the code, verification and reset
// e-mails of an Arabic, a Punjabi and a Chinese account are in their
// language, with the code or the link, and an Arabic one is right to left.
func TestEmailsSpeakTheAccountsLanguage(t *testing.T) {
	app := hubtest.NewApp(t)
	defer app.Cleanup()
	cases := []struct {
		lang, dir, otpWords, verifyWords, resetWords string
	}{
		{"ar", "rtl", "رمز الدخول إلى", "لتأكيد عنوان بريدك", "لاختيار كلمة مرور جديدة"},
		{"pa", "ltr", "ਦਾਖ਼ਲ ਹੋਣ ਲਈ ਤੁਹਾਡਾ ਕੋਡ", "ਪੁਸ਼ਟੀ ਕਰਨ ਲਈ", "ਨਵਾਂ ਪਾਸਵਰਡ ਚੁਣਨ ਲਈ"},
		{"zh", "ltr", "的验证码是", "确认您的电子邮件地址", "设置新密码"},
	}
	for _, c := range cases {
		user := hubtest.NewUser(t, app, c.lang+"@hug.test", "family")
		user.Set("languages", []string{c.lang, "it"})
		if err := app.Save(user); err != nil {
			t.Fatal(err)
		}
		check := func(kind, words, must string) {
			t.Helper()
			m := app.TestMailer.LastMessage()
			if !strings.Contains(m.HTML, words) || !strings.Contains(m.HTML, must) {
				t.Errorf("%s %s: the body lacks %q or %q:\n%s", c.lang, kind, words, must, m.HTML)
			}
			if !strings.Contains(m.HTML, `dir="`+c.dir+`"`) || !strings.Contains(m.HTML, `lang="`+c.lang+`"`) {
				t.Errorf("%s %s: not marked lang=%s dir=%s:\n%s", c.lang, kind, c.lang, c.dir, m.HTML)
			}
			if strings.Contains(m.Subject, "OTP") || strings.Contains(m.Subject, "Verify") || strings.Contains(m.Subject, "Reset") || m.Subject == "" {
				t.Errorf("%s %s: the subject is PocketBase's English: %q", c.lang, kind, m.Subject)
			}
		}
		if err := mails.SendRecordOTP(app, user, "otp123", "482913"); err != nil {
			t.Fatal(err)
		}
		check("code", c.otpWords, "482913")
		if err := mails.SendRecordVerification(app, user); err != nil {
			t.Fatal(err)
		}
		check("verification", c.verifyWords, "/_/#/auth/confirm-verification/")
		if err := mails.SendRecordPasswordReset(app, user); err != nil {
			t.Fatal(err)
		}
		check("reset", c.resetWords, "/_/#/auth/confirm-password-reset/")
	}
	// Without languages: Italian.
	plain := hubtest.NewUser(t, app, "nessuna@hug.test", "family")
	_ = mails.SendRecordOTP(app, plain, "otp124", "111222")
	if m := app.TestMailer.LastMessage(); !strings.Contains(m.HTML, "Il tuo codice") || !strings.Contains(m.HTML, `dir="ltr"`) {
		t.Errorf("an account without languages: %s", m.HTML)
	}
	_ = core.CollectionNameSuperusers
}
