package pushtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"time"
)

// VAPID is what a request's "Authorization: vapid t=<JWT>, k=<key>"
// header (RFC 8292) says, once checked.
type VAPID struct {
	Key     string // the application server's public key (k)
	Subject string // sub: "mailto:…" or "https:…"
}

// CheckVAPID verifies a VAPID header for an endpoint of origin: an ES256
// JWT signed by the key it carries, aud the origin, exp in the future and
// at most 24 hours away, sub a contact (mailto: once, or https:).
func CheckVAPID(header, origin string, now time.Time) (VAPID, error) {
	rest, ok := strings.CutPrefix(header, "vapid ")
	if !ok {
		return VAPID{}, errors.New("vapid: not a vapid authorization")
	}
	var token, key string
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			token = v
		case "k":
			key = v
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return VAPID{}, errors.New("vapid: k is not base64url")
	}
	x, y := elliptic.Unmarshal(elliptic.P256(), raw) //nolint:staticcheck // the uncompressed point is the wire format
	if x == nil {
		return VAPID{}, errors.New("vapid: k is not a P-256 point")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return VAPID{}, errors.New("vapid: t is not a JWT")
	}
	var head struct{ Alg, Typ string }
	var claims struct {
		Aud string
		Exp int64
		Sub string
	}
	if err := decodePart(parts[0], &head); err != nil || head.Alg != "ES256" {
		return VAPID{}, errors.New("vapid: the JWT is not ES256")
	}
	if err := decodePart(parts[1], &claims); err != nil {
		return VAPID{}, errors.New("vapid: unreadable claims")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return VAPID{}, errors.New("vapid: the signature is not r||s")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return VAPID{}, errors.New("vapid: bad signature")
	}
	if claims.Aud != origin {
		return VAPID{}, errors.New("vapid: aud is " + claims.Aud + ", not " + origin)
	}
	exp := time.Unix(claims.Exp, 0)
	if !exp.After(now) || exp.After(now.Add(24*time.Hour)) {
		return VAPID{}, errors.New("vapid: exp not within the next 24 hours")
	}
	sub := claims.Sub
	switch {
	case strings.HasPrefix(sub, "mailto:mailto:"):
		return VAPID{}, errors.New("vapid: sub is mailto:mailto: (Apple refuses it)")
	case strings.HasPrefix(sub, "mailto:") && strings.Contains(sub, "@"), strings.HasPrefix(sub, "https:"):
	default:
		return VAPID{}, errors.New("vapid: sub is not a mailto: or https: contact")
	}
	return VAPID{Key: key, Subject: sub}, nil
}

func decodePart(s string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}
