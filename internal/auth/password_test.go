package auth_test

import (
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

func TestPasswords(t *testing.T) {
	hash, err := auth.HashPassword("青石县水务局2023")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not in PHC form with the expected parameters", hash)
	}
	again, _ := auth.HashPassword("青石县水务局2023")
	if again == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	tests := []struct {
		name string
		hash string
		pw   string
		want bool
	}{
		{"right password", hash, "青石县水务局2023", true},
		{"wrong password", hash, "青石县水务局2024", false},
		{"empty password", hash, "", false},
		{"empty hash", "", "青石县水务局2023", false},
		{"not argon2id", strings.Replace(hash, "argon2id", "argon2i", 1), "青石县水务局2023", false},
		{"memory out of bounds", strings.Replace(hash, "m=19456", "m=4194304", 1), "青石县水务局2023", false},
		{"truncated", hash[:len(hash)-10], "青石县水务局2023", false},
		{"garbage", "$argon2id$v=19$m=x$y$z", "青石县水务局2023", false},
		{"over-long password", hash, strings.Repeat("a", 5000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.VerifyPassword(tt.hash, tt.pw); got != tt.want {
				t.Errorf("VerifyPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, pw, msg string
	}{
		{"empty", "", "请填写密码"},
		{"short", "abc123", "密码至少需要8个字符"},
		{"eight characters", "abcd1234", ""},
		{"Chinese characters count as characters", "巡察整改工作系统", ""},
		{"too long", strings.Repeat("密", 257), "密码不能超过256个字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := auth.CheckPassword("new_password", tt.pw)
			got := rectify.ErrorFields(err)["new_password"]
			if got != tt.msg {
				t.Errorf("message %q, want %q", got, tt.msg)
			}
			if _, herr := auth.HashPassword(tt.pw); (herr == nil) != (tt.msg == "") {
				t.Errorf("HashPassword error %v disagrees with CheckPassword", herr)
			}
		})
	}
}

func TestRandomPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw := auth.RandomPassword()
		if len(pw) != 16 || strings.ContainsAny(pw, "0O1lI") || seen[pw] {
			t.Fatalf("bad or repeated password %q", pw)
		}
		seen[pw] = true
		if err := auth.CheckPassword("password", pw); err != nil {
			t.Fatalf("a random password fails the rules: %v", err)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, ha := auth.NewSecret(auth.TokenPrefix)
	b, _ := auth.NewSecret(auth.TokenPrefix)
	if a == b || !strings.HasPrefix(a, "rct_") || len(a) != 4+64 || ha != auth.HashSecret(a) || strings.Contains(ha, a) {
		t.Errorf("secrets %q %q, hash %q", a, b, ha)
	}
	tests := []struct{ header, want string }{
		{"Bearer " + a, a},
		{"bearer " + a, a},
		{"Bearer  " + a + " ", a},
		{"Basic " + a, ""},
		{"Bearer abc", ""},
		{a, ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := auth.BearerToken(tt.header); got != tt.want {
			t.Errorf("BearerToken(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// BenchmarkVerifyPassword measures a login's cost of argon2id: go test
// -run '^$' -bench VerifyPassword -benchtime 20x ./internal/auth/
func BenchmarkVerifyPassword(b *testing.B) {
	hash, err := auth.HashPassword("青石县水务局2023")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !auth.VerifyPassword(hash, "青石县水务局2023") {
			b.Fatal("no match")
		}
	}
}
