package objstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/objstore"
	"github.com/rectify-dev/rectify/internal/objstore/objstoretest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

var keys = map[string]string{"RECTIFY_S3_ACCESS_KEY": "ak", "RECTIFY_S3_SECRET_KEY": "sk"}

func TestParseURL(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		env  map[string]string
		want objstore.Config
		err  string // in the message when it fails
	}{
		{name: "local server", raw: "s3://evidence/rectify?endpoint=127.0.0.1:8333&secure=false", env: keys,
			want: objstore.Config{Endpoint: "127.0.0.1:8333", Bucket: "evidence", Prefix: "rectify", AccessKey: "ak", SecretKey: "sk"}},
		{name: "Amazon S3 by default, HTTPS", raw: "s3://evidence", env: keys,
			want: objstore.Config{Endpoint: "s3.amazonaws.com", Secure: true, Bucket: "evidence", AccessKey: "ak", SecretKey: "sk"}},
		{name: "a deep prefix, a region", raw: "s3://evidence/a/b/?endpoint=minio.internal:9000&region=cn-north-1", env: keys,
			want: objstore.Config{Endpoint: "minio.internal:9000", Secure: true, Region: "cn-north-1", Bucket: "evidence", Prefix: "a/b",
				AccessKey: "ak", SecretKey: "sk"}},
		{name: "AWS keys when ours are not set", raw: "s3://evidence",
			env:  map[string]string{"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"},
			want: objstore.Config{Endpoint: "s3.amazonaws.com", Secure: true, Bucket: "evidence", AccessKey: "a", SecretKey: "s", Token: "t"}},
		{name: "no keys", raw: "s3://evidence", err: "需要访问密钥"},
		{name: "not s3", raw: "https://evidence.example.org/x", env: keys, err: "应以 s3:// 开头"},
		{name: "no bucket", raw: "s3:///x", env: keys, err: "缺少存储桶名称"},
		{name: "keys in the address", raw: "s3://ak:sk@evidence", env: keys, err: "密钥不要写在地址里"},
		{name: "an unknown parameter", raw: "s3://evidence?endpiont=x", env: keys, err: "不认识的参数 endpiont"},
		{name: "secure not a truth value", raw: "s3://evidence?secure=maybe", env: keys, err: "secure 应为 true 或 false"},
		{name: "a scheme in the endpoint", raw: "s3://evidence?endpoint=http://127.0.0.1:9000", env: keys, err: "不带 http://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := objstore.ParseURL(tt.raw, env(tt.env))
			if tt.err != "" {
				if err == nil || rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), tt.err) {
					t.Fatalf("error %v, want EINVALID saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if s := got.String(); strings.Contains(s, "sk") && tt.want.SecretKey == "sk" {
				t.Errorf("String shows the secret: %s", s)
			}
		})
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"s3://b/p?endpoint=127.0.0.1:1&secure=false", "s3://b", "s3://", "%zz", "s3://a:b@c/d?region=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg, err := objstore.ParseURL(raw, env(keys))
		if err != nil {
			if rectify.ErrorCode(err) != rectify.EINVALID {
				t.Fatalf("%q: %v is not EINVALID", raw, err)
			}
			return
		}
		if cfg.Bucket == "" || cfg.Endpoint == "" || strings.HasPrefix(cfg.Prefix, "/") || strings.HasSuffix(cfg.Prefix, "/") {
			t.Fatalf("%q gave %+v", raw, cfg)
		}
	})
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// TestStore runs against the S3-compatible server of RECTIFY_TEST_S3.
func TestStore(t *testing.T) {
	s := objstoretest.Open(t)
	ctx := rectify.AsSystem(context.Background())
	rng := rand.New(rand.NewPCG(1, 2))
	photo := make([]byte, 3<<20+17) // more than one read buffer, not a round size
	for i := range photo {
		photo[i] = byte(rng.Uint32())
	}
	small := []byte("整改前后对比照片说明")
	for _, data := range [][]byte{photo, small} {
		if err := s.Put(ctx, sum(data), int64(len(data)), bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("read back byte for byte", func(t *testing.T) {
		for _, data := range [][]byte{photo, small} {
			r, n, err := s.Open(ctx, sum(data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || n != int64(len(data)) || !bytes.Equal(got, data) {
				t.Fatalf("read %d bytes (size %d, %v), stored %d", len(got), n, err, len(data))
			}
		}
	})
	t.Run("a part, by seeking", func(t *testing.T) {
		r, _, err := s.Open(ctx, sum(photo))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if _, err := r.Seek(2<<20, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		part := make([]byte, 1000)
		if _, err := io.ReadFull(r, part); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(part, photo[2<<20:2<<20+1000]) {
			t.Error("the part read differs from the stored bytes")
		}
	})
	t.Run("the same content is stored once", func(t *testing.T) {
		before := objstoretest.Count(t, s)
		if err := s.Put(ctx, sum(small), int64(len(small)), bytes.NewReader(small)); err != nil {
			t.Fatal(err)
		}
		if after := objstoretest.Count(t, s); after != before || before != 2 {
			t.Errorf("%d objects, then %d after storing the same content again; want 2", before, after)
		}
	})
	t.Run("an empty file needs no object", func(t *testing.T) {
		before := objstoretest.Count(t, s)
		if err := s.Put(ctx, sum(nil), 0, bytes.NewReader(nil)); err != nil {
			t.Fatal(err)
		}
		r, n, err := s.Open(ctx, sum(nil))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || n != 0 || len(got) != 0 || objstoretest.Count(t, s) != before {
			t.Errorf("empty: %d bytes, size %d, %v, %d objects before", len(got), n, err, before)
		}
	})
	t.Run("listed by sum with sizes", func(t *testing.T) {
		got := map[string]int64{}
		if err := s.List(ctx, func(sum string, size int64, _ time.Time) error { got[sum] = size; return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[sum(photo)] != int64(len(photo)) || got[sum(small)] != int64(len(small)) {
			t.Errorf("listed %v", got)
		}
	})
	t.Run("missing is not found", func(t *testing.T) {
		absent := sum([]byte("没有存过的内容"))
		if _, _, err := s.Open(ctx, absent); !errors.Is(err, rectify.ErrNotFound) {
			t.Errorf("open: %v, want not found", err)
		}
		if _, err := s.Stat(ctx, absent); !errors.Is(err, rectify.ErrNotFound) {
			t.Errorf("stat: %v, want not found", err)
		}
		if err := s.Delete(ctx, absent); err != nil {
			t.Errorf("delete of nothing: %v", err)
		}
	})
	t.Run("not a sum", func(t *testing.T) {
		if _, _, err := s.Open(ctx, "../../etc/passwd"); rectify.ErrorCode(err) != rectify.EINVALID {
			t.Errorf("open: %v, want EINVALID", err)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		if err := s.Delete(ctx, sum(small)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stat(ctx, sum(small)); !errors.Is(err, rectify.ErrNotFound) {
			t.Errorf("stat after delete: %v", err)
		}
	})
}

func TestOpenRefusesAMissingBucket(t *testing.T) {
	cfg := objstoretest.Config(t)
	cfg.Bucket = "rectify-no-such-bucket"
	_, err := objstore.Open(context.Background(), cfg)
	if rectify.ErrorCode(err) != rectify.ENOTFOUND || !strings.Contains(rectify.ErrorMessage(err), "没有存储桶 rectify-no-such-bucket") {
		t.Errorf("open: %v", err)
	}
}
