package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/rectify-dev/rectify"
)

// The argon2id parameters: 19 MiB of memory, two passes, one lane — what
// OWASP recommends as a floor, about 20-40 ms a hash on a small server, so a
// login stays quick while a stolen hash stays expensive to guess.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length limits, in characters.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 256
)

// CheckPassword returns an EINVALID error with a message on field when pw
// is empty, too short or too long; nil otherwise.
func CheckPassword(field, pw string) error {
	var v rectify.Invalid
	switch n := utf8.RuneCountInString(pw); {
	case n == 0:
		v.Add(field, "请填写密码")
	case n < MinPasswordLen:
		v.Add(field, fmt.Sprintf("密码至少需要%d个字符", MinPasswordLen))
	case n > MaxPasswordLen:
		v.Add(field, fmt.Sprintf("密码不能超过%d个字符", MaxPasswordLen))
	}
	return v.Err()
}

// HashPassword returns the argon2id hash of pw in PHC string form,
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash. It returns an EINVALID error
// (field "password") for a password CheckPassword refuses.
func HashPassword(pw string) (string, error) {
	if err := CheckPassword("password", pw); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails: crypto/rand aborts the program instead
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC hash, comparing in
// constant time. A malformed hash, one with parameters out of bounds (a
// planted hash must not make a login cost a gigabyte) or an empty one (an
// account without a password) never matches, nor does an over-long pw.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || pw == "" || len(pw) > 4*MaxPasswordLen {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil ||
		m < 8 || m > 256*1024 || t == 0 || t > 16 || p == 0 || p > 16 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// RandomPassword returns a password of 16 characters from an alphabet
// without look-alikes (no 0/O, 1/l/I), for first accounts and resets:
// about 94 bits.
func RandomPassword() string {
	return randomFrom("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16)
}

// randomFrom returns n characters of alphabet drawn uniformly (bytes that
// would favour the first letters are drawn again).
func randomFrom(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		rand.Read(buf) // never fails: crypto/rand aborts the program instead
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}
