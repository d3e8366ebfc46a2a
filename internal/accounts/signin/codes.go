package signin

import (
	"errors"
	"net/http"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tools/routine"
)

// maxLiveCodes is how many unexpired codes an account may have; past it, a
// new request gets the newest code again under its new id, without another
// e-mail (as PocketBase does past 9), so nobody can fill a mailbox.
const maxLiveCodes = 5

// onCodeRequest replaces PocketBase's answer to a code request: it answers
// at once with a fresh id, the same way for every address, and makes and
// mails the code afterwards, off the request path (counted in pending, which
// the hub waits for before it stops). PocketBase made and hashed the code
// before answering for a known address only (24-81 ms against 1 ms), which
// told whether the address had an account.
func onCodeRequest(pending *sync.WaitGroup) func(e *core.RecordCreateOTPRequestEvent) error {
	return func(e *core.RecordCreateOTPRequestEvent) error {
		app, record, code := e.App, e.Record, e.Password
		id := core.GenerateDefaultRandomId()
		if err := e.JSON(http.StatusOK, map[string]string{"otpId": id}); err != nil {
			return err
		}
		routine.FireAndForget(func() {
			// Hash the code whether or not the address has an account, so
			// that even the load this leaves on the machine is alike.
			otp := core.NewOTP(app)
			otp.Set("id", id)
			otp.SetPassword(code)
			if record == nil {
				return
			}
			if err := issueCode(app, record, otp, code); err != nil {
				app.Logger().Error("Failed to send a sign-in code", "recordId", record.Id, "error", err)
			}
		}, pending)
		return nil
	}
}

// issueCode saves the code (otp, hashed, with its id) and mails it, or gives
// the newest live code that id when the account already has maxLiveCodes.
// Counting and saving are one transaction, so requests racing for one
// account cannot pass the limit together.
func issueCode(app core.App, record *core.Record, otp *core.OTP, code string) error {
	id, saved := otp.Id, false
	err := app.RunInTransaction(func(txApp core.App) error {
		otps, err := txApp.FindAllOTPsByRecord(record) // newest first
		if err != nil {
			return err
		}
		live := 0
		for _, o := range otps {
			if !o.HasExpired(record.Collection().OTP.DurationTime()) {
				live++
			}
		}
		if live >= maxLiveCodes {
			return renameCode(txApp, otps[0].Id, id)
		}
		otp.SetCollectionRef(record.Collection().Id)
		otp.SetRecordRef(record.Id)
		saved = true
		return txApp.Save(otp)
	})
	if err != nil || !saved {
		return err
	}
	if err := mails.SendRecordOTP(app, record, id, code); err != nil {
		return errors.Join(err, app.Delete(otp))
	}
	return nil
}

// renameCode moves a code, and the tries it has had, to a new id.
func renameCode(txApp core.App, from, to string) error {
	if _, err := txApp.NonconcurrentDB().Update(core.CollectionNameOTPs, dbx.Params{"id": to}, dbx.HashExp{"id": from}).Execute(); err != nil {
		return err
	}
	_, err := txApp.NonconcurrentDB().Update("hub_signin_attempts", dbx.Params{"key": oneCodeKey(to)}, dbx.HashExp{"key": oneCodeKey(from)}).Execute()
	return err
}
