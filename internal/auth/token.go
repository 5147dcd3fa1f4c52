package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognise (and to search for in a repository).
const TokenPrefix = "rct_"

// NewSecret returns a new random secret with prefix (32 random bytes in
// hex) and its hash as stored. The secret itself is shown once, or put in a
// cookie, and never stored.
func NewSecret(prefix string) (secret, hash string) {
	var b [32]byte
	rand.Read(b[:]) // never fails: crypto/rand aborts the program instead
	secret = prefix + hex.EncodeToString(b[:])
	return secret, HashSecret(secret)
}

// HashSecret returns the hex SHA-256 of a session or token secret. Secrets
// are long and random, so a fast hash is enough: there is nothing to guess.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// BearerToken returns the API token of an "Authorization: Bearer rct_…"
// header, or "" when the header holds none.
func BearerToken(header string) string {
	scheme, tok, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	tok = strings.TrimSpace(tok)
	if !strings.HasPrefix(tok, TokenPrefix) || len(tok) > 200 {
		return ""
	}
	return tok
}

// HasBearer reports whether an Authorization header carries a bearer
// credential of any kind (such a request carries no ambient credential a
// cross-site page could ride on).
func HasBearer(header string) bool {
	scheme, _, ok := strings.Cut(header, " ")
	return ok && strings.EqualFold(scheme, "Bearer")
}
