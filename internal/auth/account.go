package auth

import (
	"context"
	"time"

	"github.com/rectify-dev/rectify/internal/store"
)

// AccountStore is what the account changes below are stored in;
// *store.Store provides it.
type AccountStore interface {
	SetPassword(ctx context.Context, id int64, hash, keepSession string) error
	CreateToken(ctx context.Context, t *store.APIToken) error
}

// SetPassword gives the account userID the password (checked by the
// caller with CheckPassword) and ends its sessions but keepSession ("" ends
// all): the one way a password changes, for 我的账号, an admin's reset and
// rectify user passwd alike.
func SetPassword(ctx context.Context, st AccountStore, userID int64, password, keepSession string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.SetPassword(ctx, userID, hash, keepSession)
}

// CreateToken makes and stores an API token of the account userID named
// name, expiring at expires (zero: never), and returns its secret, to be
// shown once: the one way a token is made, for 我的账号 → API 令牌 and
// rectify token add alike. A missing or too long name is an EINVALID
// error naming the field "name".
func CreateToken(ctx context.Context, st AccountStore, userID int64, name string, expires time.Time) (string, *store.APIToken, error) {
	secret, tok := NewToken(userID, name, expires)
	if err := st.CreateToken(ctx, tok); err != nil {
		return "", nil, err
	}
	return secret, tok, nil
}
