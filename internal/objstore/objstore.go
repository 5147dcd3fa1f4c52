// Package objstore keeps the content of evidence files (证明材料) in an
// S3-compatible object store (Amazon S3, MinIO, SeaweedFS, Ceph …) instead
// of the database: each file is an object named by the SHA-256 of its
// content, so a file uploaded twice is stored once, and downloads stream
// from the object without holding the whole file in memory.
package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/rectify-dev/rectify"
)

// Config says where the objects are: the endpoint (host:port), the bucket,
// a prefix inside it, and the keys.
type Config struct {
	Endpoint  string // host[:port]; s3.amazonaws.com when empty
	Secure    bool   // HTTPS
	Region    string // optional
	Bucket    string
	Prefix    string // without a leading or trailing slash; may be empty
	AccessKey string
	SecretKey string
	Token     string // a session token, optional
}

// ParseURL reads an object store's address in the form
//
//	s3://BUCKET[/PREFIX][?endpoint=HOST:PORT][&secure=false][&region=R]
//
// with the keys from getenv: RECTIFY_S3_ACCESS_KEY and RECTIFY_S3_SECRET_KEY,
// else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).
// Without endpoint it is Amazon S3; secure defaults to true. It returns
// EINVALID, in Chinese, for anything else.
func ParseURL(raw string, getenv func(string) string) (Config, error) {
	bad := func(format string, a ...any) (Config, error) {
		return Config{}, rectify.Errorf(rectify.EINVALID, "对象存储地址 %q 有误："+format, append([]any{raw}, a...)...)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("无法解析（应为 s3://存储桶/前缀?endpoint=主机:端口）")
	}
	if u.Scheme != "s3" {
		return bad("应以 s3:// 开头，如 s3://rectify-evidence/证明材料?endpoint=127.0.0.1:9000&secure=false")
	}
	if u.User != nil {
		return bad("密钥不要写在地址里，请用环境变量 RECTIFY_S3_ACCESS_KEY 和 RECTIFY_S3_SECRET_KEY")
	}
	c := Config{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/"), Secure: true}
	if c.Bucket == "" {
		return bad("缺少存储桶名称")
	}
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "endpoint":
			c.Endpoint = v
		case "secure":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return bad("secure 应为 true 或 false")
			}
			c.Secure = b
		case "region":
			c.Region = v
		default:
			return bad("不认识的参数 %s（可用 endpoint、secure、region）", k)
		}
	}
	if c.Endpoint == "" {
		c.Endpoint = "s3.amazonaws.com"
	}
	if strings.Contains(c.Endpoint, "/") {
		return bad("endpoint 只写主机和端口，如 127.0.0.1:9000，不带 http://")
	}
	c.AccessKey, c.SecretKey = getenv("RECTIFY_S3_ACCESS_KEY"), getenv("RECTIFY_S3_SECRET_KEY")
	if c.AccessKey == "" && c.SecretKey == "" {
		c.AccessKey, c.SecretKey, c.Token = getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN")
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		return Config{}, rectify.Errorf(rectify.EINVALID,
			"对象存储 %s 需要访问密钥：请设置环境变量 RECTIFY_S3_ACCESS_KEY 和 RECTIFY_S3_SECRET_KEY（或 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY）", c)
	}
	return c, nil
}

// String is the store's address without its keys.
func (c Config) String() string {
	s := "s3://" + c.Bucket
	if c.Prefix != "" {
		s += "/" + c.Prefix
	}
	return s + "?endpoint=" + c.Endpoint + "&secure=" + strconv.FormatBool(c.Secure)
}

// Store is an object store holding evidence by SHA-256.
type Store struct {
	cfg    Config
	client *minio.Client
}

// Open connects to the store of cfg and checks that its bucket exists. It
// returns an error naming the store when it cannot be reached, the keys are
// refused or the bucket is missing.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.Token),
		Secure: cfg.Secure,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("objstore: %s: %w", cfg, err)
	}
	s := &Store{cfg: cfg, client: client}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("objstore: 无法访问对象存储 %s：%w", cfg, err)
	}
	if !ok {
		return nil, rectify.Errorf(rectify.ENOTFOUND, "对象存储 %s 中没有存储桶 %s：请先创建它", cfg, cfg.Bucket)
	}
	return s, nil
}

// String is the store's address without its keys.
func (s *Store) String() string { return s.cfg.String() }

// Key returns the name of the object holding the content whose SHA-256 is
// sum (64 lower-case hex digits): PREFIX/ab/abcdef…, two levels so that no
// listing grows too long.
func (s *Store) Key(sum string) string {
	k := sum[:2] + "/" + sum
	if s.cfg.Prefix != "" {
		k = s.cfg.Prefix + "/" + k
	}
	return k
}

// emptySum is the SHA-256 of no bytes: an empty file needs no object.
const emptySum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// empty is the content of an empty file.
type empty struct{ *strings.Reader }

func (empty) Close() error { return nil }

// checkSum returns EINVALID unless sum is a SHA-256 in lower-case hex.
func checkSum(sum string) error {
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return rectify.Errorf(rectify.EINVALID, "证明材料的校验值 %q 不是 SHA-256", sum)
	}
	return nil
}

// notFound tells whether err is the store's answer for a missing object.
func notFound(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound
}

// Stat returns the size of the object holding sum, or an error wrapping
// rectify.ErrNotFound when there is none.
func (s *Store) Stat(ctx context.Context, sum string) (int64, error) {
	if err := checkSum(sum); err != nil {
		return 0, err
	}
	if sum == emptySum {
		return 0, nil
	}
	info, err := s.client.StatObject(ctx, s.cfg.Bucket, s.Key(sum), minio.StatObjectOptions{})
	if err != nil {
		if notFound(err) {
			return 0, rectify.Errorf(rectify.ENOTFOUND, "对象存储中没有内容 %s", sum)
		}
		return 0, fmt.Errorf("objstore: stat %s: %w", sum, err)
	}
	return info.Size, nil
}

// Put stores size bytes read from r as the content whose SHA-256 is sum.
// Content already stored under sum with that size is not sent again (the
// same file is stored once), and an empty file needs no object. It returns an error when the store refuses
// the object or r gives other than size bytes.
func (s *Store) Put(ctx context.Context, sum string, size int64, r io.Reader) error {
	if err := checkSum(sum); err != nil {
		return err
	}
	if sum == emptySum && size == 0 {
		return nil
	}
	switch n, err := s.Stat(ctx, sum); {
	case err == nil && n == size:
		return nil
	case err != nil && !errors.Is(err, rectify.ErrNotFound):
		return err
	}
	_, err := s.client.PutObject(ctx, s.cfg.Bucket, s.Key(sum), r, size, minio.PutObjectOptions{
		ContentType: "application/octet-stream",
	})
	if err != nil {
		return fmt.Errorf("objstore: put %s: %w", sum, err)
	}
	return nil
}

// Object is the content of one object: read, seek (for HTTP ranges) and
// close; only the parts read are fetched.
type Object = io.ReadSeekCloser

// Open returns the content whose SHA-256 is sum, with its size, or an error
// wrapping rectify.ErrNotFound when the store does not hold it. The content
// is fetched as it is read.
func (s *Store) Open(ctx context.Context, sum string) (Object, int64, error) {
	if err := checkSum(sum); err != nil {
		return nil, 0, err
	}
	if sum == emptySum {
		return empty{strings.NewReader("")}, 0, nil
	}
	obj, err := s.client.GetObject(ctx, s.cfg.Bucket, s.Key(sum), minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, fmt.Errorf("objstore: get %s: %w", sum, err)
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		if notFound(err) {
			return nil, 0, rectify.Errorf(rectify.ENOTFOUND, "对象存储中没有内容 %s", sum)
		}
		return nil, 0, fmt.Errorf("objstore: get %s: %w", sum, err)
	}
	return obj, info.Size, nil
}

// Delete removes the content whose SHA-256 is sum; removing what is not
// there is no error.
func (s *Store) Delete(ctx context.Context, sum string) error {
	if err := checkSum(sum); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.cfg.Bucket, s.Key(sum), minio.RemoveObjectOptions{}); err != nil && !notFound(err) {
		return fmt.Errorf("objstore: delete %s: %w", sum, err)
	}
	return nil
}

// List calls fn with the SHA-256, size and time of every object under the
// store's prefix that is named as this package names them, in key order;
// it stops at fn's first error and returns it.
func (s *Store) List(ctx context.Context, fn func(sum string, size int64, modified time.Time) error) error {
	prefix := ""
	if s.cfg.Prefix != "" {
		prefix = s.cfg.Prefix + "/"
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for info := range s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if info.Err != nil {
			return fmt.Errorf("objstore: list: %w", info.Err)
		}
		sum := info.Key[strings.LastIndexByte(info.Key, '/')+1:]
		if checkSum(sum) != nil || s.Key(sum) != info.Key {
			continue
		}
		if err := fn(sum, info.Size, info.LastModified); err != nil {
			return err
		}
	}
	return nil
}

// MakeBucket creates the bucket of cfg when it is missing, for tests and
// first set-ups.
func MakeBucket(ctx context.Context, cfg Config) error {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.Token),
		Secure: cfg.Secure,
		Region: cfg.Region,
	})
	if err != nil {
		return fmt.Errorf("objstore: %s: %w", cfg, err)
	}
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return fmt.Errorf("objstore: %s: %w", cfg, err)
	}
	if ok {
		return nil
	}
	if err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		return fmt.Errorf("objstore: make bucket %s: %w", cfg.Bucket, err)
	}
	return nil
}
