package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/objstore/objstoretest"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// TestTwoServersShareEvidence runs two servers, each with its own store
// handle, on one database (PostgreSQL under RECTIFY_TEST_POSTGRES) and one
// S3-compatible object store, as the README's deployment does: a file
// uploaded through one is downloaded through the other byte for byte, a
// file uploaded twice is stored once, and the files survive a move to the
// database and back while both servers answer.
func TestTwoServersShareEvidence(t *testing.T) {
	objects := objstoretest.Open(t)
	dsn := testdb.DSN(t)
	ctx := rectify.AsSystem(context.Background())
	open := func() *store.Store {
		st, err := store.Open(ctx, dsn)
		must(t, err)
		t.Cleanup(func() { st.Close() })
		st.SetEvidenceStore(objects)
		return st
	}
	stA, stB := open(), open()

	unit := &rectify.Unit{Name: "临江市水务局党组"}
	must(t, stA.CreateUnit(ctx, unit))
	in := &rectify.Inspection{UnitID: unit.ID, Team: "市委第二巡察组", Kind: rectify.KindRegular,
		Findings: []*rectify.Finding{{Number: 1, Title: "河道管护责任落实不到位", Problems: []*rectify.Problem{{
			Number: 1, Title: "河道护栏损毁未及时修复", Due: rectify.MustDate("2099-06-30"),
			Measures: []*rectify.Measure{{Number: 1, Text: "更换损毁护栏。"}},
		}}}}}
	must(t, stA.CreateInspection(ctx, in))
	problem := in.Findings[0].Problems[0]
	editor := &rectify.User{Login: "shuiwu", Name: "水务局填报员", Role: rectify.RoleEditor, UnitID: unit.ID}
	must(t, stA.CreateUser(ctx, editor))
	token, tok := auth.NewToken(editor.ID, "两台服务器", time.Time{})
	must(t, stA.CreateToken(ctx, tok))

	serve := func(st *store.Store) http.Handler {
		srv, err := New(Deps{Store: st})
		must(t, err)
		return srv
	}
	a, b := serve(stA), serve(stB)
	// The pages sign in with a session, the API with the token.
	session, sessionID := auth.NewSecret("")
	now := time.Now().UTC()
	must(t, stA.CreateSession(ctx, &store.Session{ID: sessionID, UserID: editor.ID, Created: now, LastSeen: now, Expires: now.Add(time.Hour)}))
	do := func(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			r.Header.Set("Authorization", "Bearer "+token)
		} else {
			r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: session})
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	upload := func(h http.Handler, name string, data []byte) *rectify.Evidence {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		must(t, mw.WriteField("text", "已更换护栏，附现场照片。"))
		fw, err := mw.CreateFormFile("files", name)
		must(t, err)
		_, err = fw.Write(data)
		must(t, err)
		must(t, mw.Close())
		r := httptest.NewRequest("POST", "/api/v1/problems/"+strconv.FormatInt(problem.ID, 10)+"/progress", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		w := do(h, r)
		if w.Code != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", name, w.Code, brief(w.Body.String()))
		}
		var res struct {
			Progress rectify.Progress `json:"progress"`
		}
		must(t, json.Unmarshal(w.Body.Bytes(), &res))
		if len(res.Progress.Evidence) != 1 {
			t.Fatalf("upload %s: %s", name, brief(w.Body.String()))
		}
		return res.Progress.Evidence[0]
	}
	download := func(t *testing.T, h http.Handler, path string, want []byte) {
		t.Helper()
		w := do(h, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, w.Code, brief(w.Body.String()))
		}
		if !bytes.Equal(w.Body.Bytes(), want) {
			t.Errorf("GET %s: %d bytes, uploaded %d", path, w.Body.Len(), len(want))
		}
	}

	rng := rand.New(rand.NewPCG(7, 13))
	photo := make([]byte, 2<<20+101)
	for i := range photo {
		photo[i] = byte(rng.Uint32())
	}
	sum := sha256.Sum256(photo)
	first := upload(a, "现场照片.jpg", photo)
	if first.SHA256 != hex.EncodeToString(sum[:]) || first.Size != int64(len(photo)) {
		t.Fatalf("stored as %+v", first)
	}
	second := upload(b, "现场照片（复查）.jpg", photo)
	api := func(e *rectify.Evidence) string { return fmt.Sprintf("/api/v1/evidence/%d/content", e.ID) }
	page := func(e *rectify.Evidence) string { return fmt.Sprintf("/evidence/%d", e.ID) }

	t.Run("uploaded on one, downloaded on the other", func(t *testing.T) {
		download(t, b, api(first), photo)
		download(t, a, api(second), photo)
		download(t, b, page(first), photo)
	})
	t.Run("in the object store, once", func(t *testing.T) {
		if n := objstoretest.Count(t, objects); n != 1 {
			t.Errorf("%d objects for one photo uploaded twice", n)
		}
		if _, _, err := stA.DatabaseEvidence().Open(ctx, first.SHA256); err == nil {
			t.Error("the photo is in the database too")
		}
	})
	t.Run("a range", func(t *testing.T) {
		r := httptest.NewRequest("GET", api(first), nil)
		r.Header.Set("Range", "bytes=1048576-1048675")
		w := do(b, r)
		if w.Code != http.StatusPartialContent || !bytes.Equal(w.Body.Bytes(), photo[1<<20:1<<20+100]) {
			t.Errorf("range: %d, %d bytes", w.Code, w.Body.Len())
		}
	})
	t.Run("moved to the database and back while both serve", func(t *testing.T) {
		m, err := stA.MoveEvidence(ctx, objects, false, nil)
		must(t, err)
		if m.Moved != 1 || objstoretest.Count(t, objects) != 0 {
			t.Fatalf("to the database: %+v", m)
		}
		download(t, b, api(first), photo)
		download(t, a, page(second), photo)
		m, err = stB.MoveEvidence(ctx, objects, true, nil)
		must(t, err)
		if m.Moved != 1 || objstoretest.Count(t, objects) != 1 {
			t.Fatalf("to the object store: %+v", m)
		}
		download(t, a, api(first), photo)
		download(t, b, api(second), photo)
	})
	t.Run("the evidence list shows both files on either server", func(t *testing.T) {
		for _, h := range []http.Handler{a, b} {
			w := do(h, httptest.NewRequest("GET", "/api/v1/evidence/"+strconv.FormatInt(second.ID, 10), nil))
			var e rectify.Evidence
			if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &e) != nil || e.SHA256 != first.SHA256 {
				t.Errorf("metadata: %d %s", w.Code, brief(w.Body.String()))
			}
		}
	})
}

// BenchmarkEvidenceDownload downloads a 20 MB evidence file (the largest an
// upload takes) through the API, kept in the database and in the object
// store of RECTIFY_TEST_S3: B/op shows that a download from the object
// store streams (a small fraction of the file), where one from the
// database holds the whole file.
func BenchmarkEvidenceDownload(b *testing.B) {
	objects := objstoretest.Open(b)
	ctx := rectify.AsSystem(context.Background())
	st, err := store.Open(ctx, testdb.DSN(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	unit := &rectify.Unit{Name: "临江市水务局党组"}
	in := &rectify.Inspection{Team: "市委第二巡察组", Kind: rectify.KindRegular,
		Findings: []*rectify.Finding{{Number: 1, Title: "河道管护不到位", Problems: []*rectify.Problem{{Number: 1, Title: "护栏损毁"}}}}}
	admin := &rectify.User{Login: "bench", Name: "管理员", Role: rectify.RoleAdmin}
	if err := st.CreateUnit(ctx, unit); err != nil {
		b.Fatal(err)
	}
	in.UnitID = unit.ID
	if err := st.CreateInspection(ctx, in); err != nil {
		b.Fatal(err)
	}
	if err := st.CreateUser(ctx, admin); err != nil {
		b.Fatal(err)
	}
	token, tok := auth.NewToken(admin.ID, "bench", time.Time{})
	if err := st.CreateToken(ctx, tok); err != nil {
		b.Fatal(err)
	}
	scan := make([]byte, 20<<20)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range scan {
		scan[i] = byte(rng.Uint32())
	}
	pid := in.Findings[0].Problems[0].ID
	add := func(name string) int64 {
		p := &rectify.Progress{ProblemID: pid, Date: rectify.MustDate("2024-03-01"), Text: "扫描件。", Author: "王某"}
		if err := st.AddProgress(ctx, p, []store.EvidenceFile{{Name: name, Data: scan}}); err != nil {
			b.Fatal(err)
		}
		return p.Evidence[0].ID
	}
	inDB := add("数据库中的扫描件.pdf")
	st.SetEvidenceStore(objects)
	scan[0] ^= 1 // another content, so that it is not the one in the database
	inStore := add("对象存储中的扫描件.pdf")
	srv, err := New(Deps{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		id   int64
	}{{"database", inDB}, {"object store", inStore}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(scan)))
			for b.Loop() {
				r := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/evidence/%d/content", c.id), nil)
				r.Header.Set("Authorization", "Bearer "+token)
				w := &countingWriter{header: http.Header{}}
				srv.ServeHTTP(w, r)
				if w.code != http.StatusOK || w.n != int64(len(scan)) {
					b.Fatalf("%d, %d bytes", w.code, w.n)
				}
			}
		})
	}
}

// countingWriter is a ResponseWriter that counts the body and keeps none
// of it.
type countingWriter struct {
	header http.Header
	code   int
	n      int64
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *countingWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.n += int64(len(p))
	return len(p), nil
}
