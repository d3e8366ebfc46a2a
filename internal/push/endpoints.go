package push

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/cremona/hug/internal/i18n"
)

// handleKey answers the public key for pushManager.subscribe's
// applicationServerKey. It changes only with `hug push rotate`.
func handleKey(keys Keys) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		e.Response.Header().Set("Cache-Control", "no-cache")
		return e.JSON(http.StatusOK, map[string]string{"publicKey": keys.Public})
	}
}

// readBody reads a JSON body of at most MaxBody bytes.
func readBody(e *core.RequestEvent, v any) error {
	raw, err := io.ReadAll(io.LimitReader(e.Request.Body, MaxBody+1))
	if err != nil {
		return fieldError(http.StatusBadRequest, "body", "push_body_invalid")
	}
	if len(raw) > MaxBody {
		return fieldError(http.StatusRequestEntityTooLarge, "body", "push_body_too_large")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fieldError(http.StatusBadRequest, "body", "push_body_invalid")
	}
	return nil
}

// signedInUser is the account of the auth token, if it is a person's
// (a superuser's token subscribes as a guest).
func signedInUser(e *core.RequestEvent) string {
	if e.Auth != nil && e.Auth.Collection().Name == "users" {
		return e.Auth.Id
	}
	return ""
}

func handleSubscribe(allow *Allowlist, catalog *i18n.Catalog, checkReceive func(core.App, []byte) error) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		var req SubscribeRequest
		if err := readBody(e, &req); err != nil {
			return err
		}
		if err := req.validate(allow, catalog); err != nil {
			return err
		}
		if checkReceive != nil {
			if err := checkReceive(e.App, req.Receive); err != nil {
				return e.BadRequestError("", err)
			}
		}
		sub, err := Subscribe(e.App, req, signedInUser(e), AddressKey(e.RealIP()), time.Now())
		if err != nil {
			return err
		}
		return e.JSON(http.StatusOK, sub)
	}
}

func handleUnsubscribe(e *core.RequestEvent) error {
	var req struct {
		Endpoint string `json:"endpoint"`
	}
	if err := readBody(e, &req); err != nil {
		return err
	}
	if req.Endpoint == "" {
		return fieldError(http.StatusBadRequest, "endpoint", "push_endpoint_invalid")
	}
	if err := Unsubscribe(e.App, req.Endpoint); err != nil {
		return err
	}
	return e.NoContent(http.StatusNoContent)
}
