package pushtest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
)

// Decrypt reads a Web Push message body (RFC 8291 over RFC 8188
// "aes128gcm") as the browser that owns the subscription does: with its
// private key, its public key (p256dh) and its auth secret.
func Decrypt(body []byte, ua *ecdh.PrivateKey, auth []byte) ([]byte, error) {
	// Header: salt (16) | record size (4) | key id length (1) | key id, which
	// Web Push makes the sender's ephemeral public key.
	if len(body) < 21 {
		return nil, errors.New("aes128gcm: short header")
	}
	salt := body[:16]
	rs := binary.BigEndian.Uint32(body[16:20])
	idlen := int(body[20])
	if len(body) < 21+idlen || rs < 18 {
		return nil, errors.New("aes128gcm: bad header")
	}
	asPublic, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, errors.New("aes128gcm: the key id is not the sender's P-256 key")
	}
	shared, err := ua.ECDH(asPublic)
	if err != nil {
		return nil, err
	}
	// RFC 8291 §3.4: IKM from the ECDH secret, keyed by the auth secret.
	info := append(append([]byte("WebPush: info\x00"), ua.PublicKey().Bytes()...), asPublic.Bytes()...)
	ikm, err := hkdf.Key(sha256.New, shared, auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	baseNonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// RFC 8188 §2: records of rs bytes, each nonce the base XOR its index;
	// a record ends with its delimiter (1, or 2 for the last) then zeros.
	records := body[21+idlen:]
	var plain []byte
	for seq := uint64(0); len(records) > 0; seq++ {
		n := min(int(rs), len(records))
		nonce := append([]byte(nil), baseNonce...)
		for i := 0; i < 8; i++ {
			nonce[11-i] ^= byte(seq >> (8 * i))
		}
		record, err := gcm.Open(nil, nonce, records[:n], nil)
		if err != nil {
			return nil, errors.New("aes128gcm: a record does not decrypt")
		}
		records = records[n:]
		end := len(record) - 1
		for end >= 0 && record[end] == 0 {
			end--
		}
		if end < 0 {
			return nil, errors.New("aes128gcm: no delimiter")
		}
		last := record[end] == 2
		if !last && record[end] != 1 || last != (len(records) == 0) {
			return nil, errors.New("aes128gcm: wrong delimiter")
		}
		plain = append(plain, record[:end]...)
	}
	return plain, nil
}
