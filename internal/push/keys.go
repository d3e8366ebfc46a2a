package push

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// KeysFile is the VAPID key pair's file in pb_data (mode 0600). Backups of
// pb_data carry it, so a restored hub keeps its subscriptions working.
const KeysFile = "push_vapid.json"

// Keys is the hub's VAPID key pair, base64url without padding, as
// webpush-go and the browsers' applicationServerKey take them. The private
// key is used to sign and is never sent, logged or shown.
type Keys struct {
	Public  string `json:"publicKey"`
	Private string `json:"privateKey"`
}

// LogValue and String show the public key only, so that a log line or an
// error that mentions the pair cannot carry the private key.
func (k Keys) LogValue() slog.Value { return slog.StringValue(k.Public) }
func (k Keys) String() string       { return k.Public }

var keysMu sync.Mutex

// LoadKeys reads the hub's key pair from dataDir, making it on first start.
// A file that exists but cannot be read or is broken is an error, never a
// reason to make new keys: new keys silently break every subscription.
func LoadKeys(dataDir string) (Keys, error) {
	keysMu.Lock()
	defer keysMu.Unlock()
	path := filepath.Join(dataDir, KeysFile)
	keys, err := readKeys(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return keys, err
	}
	keys, err = newKeys()
	if err != nil {
		return Keys{}, err
	}
	// O_EXCL: two processes starting at once cannot both write a pair.
	if err := writeKeys(path, keys, os.O_CREATE|os.O_EXCL|os.O_WRONLY); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readKeys(path)
		}
		return Keys{}, err
	}
	return keys, nil
}

// RotateKeys replaces the key pair. Every existing subscription was made
// for the old public key and stops working until the app subscribes again;
// only `hug push rotate --confirm` calls it.
func RotateKeys(dataDir string) (Keys, error) {
	keysMu.Lock()
	defer keysMu.Unlock()
	keys, err := newKeys()
	if err != nil {
		return Keys{}, err
	}
	path := filepath.Join(dataDir, KeysFile)
	tmp := path + ".new"
	if err := writeKeys(tmp, keys, os.O_CREATE|os.O_TRUNC|os.O_WRONLY); err != nil {
		return Keys{}, err
	}
	return keys, os.Rename(tmp, path)
}

func newKeys() (Keys, error) {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return Keys{}, err
	}
	return Keys{
		Public:  base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()),
		Private: base64.RawURLEncoding.EncodeToString(priv.Bytes()),
	}, nil
}

func readKeys(path string) (Keys, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Keys{}, err
	}
	var keys Keys
	if err := json.Unmarshal(raw, &keys); err != nil {
		return Keys{}, fmt.Errorf("push: %s is not a key pair (restore it from a backup; making new keys would break every subscription): %w", path, err)
	}
	if err := keys.check(); err != nil {
		return Keys{}, fmt.Errorf("push: %s: %w", path, err)
	}
	// Keep it private even if a copy or restore loosened the mode.
	if info, err := os.Stat(path); err == nil && info.Mode().Perm() != 0o600 {
		if err := os.Chmod(path, 0o600); err != nil {
			return Keys{}, err
		}
	}
	return keys, nil
}

// check verifies that the private key is a P-256 scalar whose public key is
// the one stored beside it.
func (k Keys) check() error {
	d, err := base64.RawURLEncoding.DecodeString(k.Private)
	if err != nil {
		return errors.New("the private key is not base64url")
	}
	priv, err := ecdh.P256().NewPrivateKey(d)
	if err != nil {
		return errors.New("the private key is not a P-256 key")
	}
	if base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()) != k.Public {
		return errors.New("the public key does not match the private key")
	}
	return nil
}

func writeKeys(path string, keys Keys, flags int) error {
	raw, err := json.MarshalIndent(keys, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(raw, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
