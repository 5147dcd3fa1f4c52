package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded static files. Pages link them by a URL
// carrying a hash of the content (asset "css/app.css" gives
// /static/css/app.css?v=1a2b3c4d5e): such a URL never changes its content,
// so browsers keep it a year; any other request of the file is answered
// with its ETag, to be revalidated.
type staticFiles struct {
	files map[string]staticFile // by path under static/
}

type staticFile struct {
	data []byte
	hash string
}

func newStaticFiles() (*staticFiles, error) {
	s := &staticFiles{files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.files[strings.TrimPrefix(p, "static/")] = staticFile{data: b, hash: hex.EncodeToString(sum[:5])}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return s, nil
}

// url returns the content-hashed URL of the static file name. A name that
// is not there is an error, so a template that links a missing file fails
// its test.
func (s *staticFiles) url(name string) (string, error) {
	f, ok := s.files[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + name + "?v=" + f.hash, nil
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	f, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("ETag", `"`+f.hash+`"`)
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	// ServeContent sets the type by the extension and answers
	// If-None-Match and ranges.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
}
