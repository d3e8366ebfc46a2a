package push

import (
	"bytes"
	"crypto/ecdh"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/cremona/hug/internal/i18n"
)

// Limits of the subscription endpoint.
const (
	// MaxBody is the largest request body: an endpoint, two keys, a
	// language and the choices of what to receive.
	MaxBody = 16 << 10
	// MaxPerAccount is how many phones and browsers one account may have
	// subscribed at once.
	MaxPerAccount = 10
	// MaxPerAddress is how many new subscriptions one address may make in
	// AddressWindow (a Wi-Fi shared by the families at the centre is one address).
	MaxPerAddress = 30
	AddressWindow = time.Hour
)

// SubscribeRequest is the body of POST /api/hub/push/subscriptions (the
// browser's PushSubscription.toJSON(), plus the language and choices).
type SubscribeRequest struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
	Language string          `json:"language"`
	Receive  json.RawMessage `json:"receive"`
}

// Subscription is what the hub keeps of one subscription, as answered.
type Subscription struct {
	Endpoint string          `json:"endpoint"`
	Language string          `json:"language"`
	Receive  json.RawMessage `json:"receive"`
	SignedIn bool            `json:"signedIn"`
}

func fieldError(status int, field, code string) error {
	return router.NewApiError(status, code, validation.Errors{field: validation.NewError(code, code)})
}

// decodeKey reads a browser key: base64url, padded or not.
func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// validate checks what a browser sends; language is corrected, not refused.
func (r *SubscribeRequest) validate(allow *Allowlist, catalog *i18n.Catalog) error {
	if r.Endpoint == "" || len(r.Endpoint) > 2048 {
		return fieldError(http.StatusBadRequest, "endpoint", "push_endpoint_invalid")
	}
	if !allow.Allows(r.Endpoint) {
		return fieldError(http.StatusBadRequest, "endpoint", "push_endpoint_not_allowed")
	}
	p256dh, err := decodeKey(r.Keys.P256dh)
	if err != nil {
		return fieldError(http.StatusBadRequest, "p256dh", "push_key_invalid")
	}
	// An uncompressed point on P-256 (ecdh refuses anything else, the
	// point at infinity included).
	if _, err := ecdh.P256().NewPublicKey(p256dh); err != nil || len(p256dh) != 65 {
		return fieldError(http.StatusBadRequest, "p256dh", "push_key_invalid")
	}
	auth, err := decodeKey(r.Keys.Auth)
	if err != nil || len(auth) != 16 {
		return fieldError(http.StatusBadRequest, "auth", "push_auth_invalid")
	}
	r.Keys.P256dh = base64.RawURLEncoding.EncodeToString(p256dh)
	r.Keys.Auth = base64.RawURLEncoding.EncodeToString(auth)
	r.Language = catalog.Match(r.Language)
	receive := bytes.TrimSpace(r.Receive)
	if len(receive) == 0 || string(receive) == "null" {
		r.Receive = json.RawMessage("{}")
	} else if receive[0] != '{' || !json.Valid(receive) {
		return fieldError(http.StatusBadRequest, "receive", "push_receive_invalid")
	}
	return nil
}

// AddressKey is how a client address is kept: a hash, enough to count.
func AddressKey(ip string) string {
	sum := sha256.Sum256([]byte("hug-push-address:" + ip))
	return hex.EncodeToString(sum[:12])
}

// Subscribe stores a subscription, or refreshes the one with the same
// endpoint (the app posts it at every start): its keys, language, choices
// and account become the request's, and last_seen is now. userID is the
// signed-in account ("" for a guest), never something the body says.
func Subscribe(app core.App, r SubscribeRequest, userID, address string, now time.Time) (Subscription, error) {
	out := Subscription{Endpoint: r.Endpoint, Language: r.Language, Receive: r.Receive, SignedIn: userID != ""}
	err := app.RunInTransaction(func(tx core.App) error {
		record, err := tx.FindFirstRecordByData("push_subscriptions", "endpoint", r.Endpoint)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if record == nil {
			if err := checkNewSubscriptionLimits(tx, userID, address, now); err != nil {
				return err
			}
			collection, err := tx.FindCachedCollectionByNameOrId("push_subscriptions")
			if err != nil {
				return err
			}
			record = core.NewRecord(collection)
			record.Set("endpoint", r.Endpoint)
			record.Set("address", address)
		} else if userID != "" && record.GetString("user") != userID {
			if err := checkAccountLimit(tx, userID); err != nil {
				return err
			}
		}
		record.Set("p256dh", r.Keys.P256dh)
		record.Set("auth", r.Keys.Auth)
		record.Set("user", userID)
		record.Set("language", r.Language)
		record.Set("receive", string(r.Receive))
		lastSeen, _ := types.ParseDateTime(now)
		record.Set("last_seen", lastSeen)
		record.Set("warned_at", "")
		return tx.Save(record)
	})
	return out, err
}

func checkNewSubscriptionLimits(tx core.App, userID, address string, now time.Time) error {
	if userID != "" {
		if err := checkAccountLimit(tx, userID); err != nil {
			return err
		}
	}
	since, _ := types.ParseDateTime(now.Add(-AddressWindow))
	var n int
	err := tx.DB().Select("count(*)").From("push_subscriptions").
		Where(dbx.HashExp{"address": address}).
		AndWhere(dbx.NewExp("created >= {:since}", dbx.Params{"since": since.String()})).Row(&n)
	if err != nil {
		return err
	}
	if n >= MaxPerAddress {
		return fieldError(http.StatusTooManyRequests, "endpoint", "push_too_many_from_address")
	}
	return nil
}

func checkAccountLimit(tx core.App, userID string) error {
	var n int
	err := tx.DB().Select("count(*)").From("push_subscriptions").
		Where(dbx.HashExp{"user": userID}).Row(&n)
	if err != nil {
		return err
	}
	if n >= MaxPerAccount {
		return fieldError(http.StatusTooManyRequests, "endpoint", "push_too_many_devices")
	}
	return nil
}

// Unsubscribe deletes the subscription with this endpoint (and its queued
// deliveries); an unknown endpoint is not an error: the result is the same.
func Unsubscribe(app core.App, endpoint string) error {
	record, err := app.FindFirstRecordByData("push_subscriptions", "endpoint", endpoint)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return app.Delete(record)
}
