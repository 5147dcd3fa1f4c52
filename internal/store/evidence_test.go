package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/objstore/objstoretest"
	"github.com/rectify-dev/rectify/internal/store"
)

// memObjects is an object store in memory, for the store's own logic; the
// same test runs on a real S3-compatible server when one is set up.
type memObjects struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (o *memObjects) String() string { return "内存对象存储" }

// emptySum is the SHA-256 of no bytes: like package objstore, the fake
// keeps no object for an empty file.
var emptySum = sumOf(nil)

func (o *memObjects) Put(_ context.Context, sum string, size int64, r io.Reader) error {
	if sum == emptySum {
		return nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if int64(len(data)) != size {
		return errors.New("short")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.m[sum] = data
	return nil
}

type nop struct{ io.ReadSeeker }

func (nop) Close() error { return nil }

func (o *memObjects) Open(_ context.Context, sum string) (io.ReadSeekCloser, int64, error) {
	if sum == emptySum {
		return nop{bytes.NewReader(nil)}, 0, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	data, ok := o.m[sum]
	if !ok {
		return nil, 0, rectify.Errorf(rectify.ENOTFOUND, "没有 %s", sum)
	}
	return nop{bytes.NewReader(data)}, int64(len(data)), nil
}

func (o *memObjects) Delete(_ context.Context, sum string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.m, sum)
	return nil
}

func sumOf(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// objectBackends are the object stores the evidence tests run on: in
// memory always, and the S3-compatible server of RECTIFY_TEST_S3.
var objectBackends = []struct {
	name string
	open func(t *testing.T) (store.EvidenceStore, func() int)
}{
	{"memory", func(*testing.T) (store.EvidenceStore, func() int) {
		o := &memObjects{m: map[string][]byte{}}
		return o, func() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.m) }
	}},
	{"s3", func(t *testing.T) (store.EvidenceStore, func() int) {
		o := objstoretest.Open(t)
		return o, func() int { return objstoretest.Count(t, o) }
	}},
}

func TestEvidenceInObjectStore(t *testing.T) {
	for _, b := range objectBackends {
		t.Run(b.name, func(t *testing.T) {
			objects, count := b.open(t)
			testEvidenceInObjectStore(t, objects, count)
		})
	}
}

func testEvidenceInObjectStore(t *testing.T, objects store.EvidenceStore, count func() int) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	p := in.Findings[0].Problems[0]

	photo := bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0, 9, 8, 7}, 150000) // about 1 MB
	minutes := []byte("专题会议纪要：研究整改措施。")
	// Before the object store: one file in the database.
	early := &rectify.Progress{ProblemID: p.ID, Date: d("2023-09-01"), Text: "召开专题会议。", Author: "赵强"}
	ok(t, s.AddProgress(ctx, early, []store.EvidenceFile{{Name: "会议纪要.txt", ContentType: "text/plain", Data: minutes}}))

	s.SetEvidenceStore(objects)
	first := &rectify.Progress{ProblemID: p.ID, Date: d("2023-09-15"), Text: "已更换护栏。", Author: "赵强"}
	ok(t, s.AddProgress(ctx, first, []store.EvidenceFile{
		{Name: "现场照片.jpg", ContentType: "image/jpeg", Data: photo},
		{Name: "空文件.txt", ContentType: "text/plain"},
	}))
	// The same photo again, in a transaction as the workflow writes.
	again := &rectify.Progress{ProblemID: p.ID, Date: d("2023-09-20"), Text: "复查护栏。", Author: "赵强"}
	ok(t, s.Update(ctx, "add progress", func(tx *store.Tx) error {
		return tx.AddProgress(ctx, again, []store.EvidenceFile{{Name: "复查照片.jpg", ContentType: "image/jpeg", Data: photo}})
	}))
	files := map[int64][]byte{early.Evidence[0].ID: minutes, first.Evidence[0].ID: photo, first.Evidence[1].ID: {},
		again.Evidence[0].ID: photo}
	var quota int64
	ok(t, s.Update(ctx, "quota", func(tx *store.Tx) (err error) { quota, err = tx.EvidenceBytes(ctx, c.water.ID); return err }))
	if want := int64(2*len(photo) + len(minutes)); quota != want {
		t.Fatalf("the quota counts %d bytes, want %d", quota, want)
	}

	readAll := func(t *testing.T, where string) {
		t.Helper()
		for id, want := range files {
			e, r, err := s.StreamEvidence(ctx, id)
			if err != nil {
				t.Fatalf("%s: evidence %d: %v", where, id, err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(got, want) || e.Size != int64(len(want)) || e.SHA256 != sumOf(want) {
				t.Errorf("%s: evidence %d (%s): %d bytes read (%v), %d stored", where, id, e.Name, len(got), err, len(want))
			}
		}
	}
	inDB := func(data []byte) bool {
		r, _, err := s.DatabaseEvidence().Open(ctx, sumOf(data))
		if err == nil {
			r.Close()
		}
		return err == nil
	}

	t.Run("uploads land in the object store, each content once", func(t *testing.T) {
		if n := count(); n != 1 {
			t.Errorf("%d objects, want 1 (the photo uploaded twice; an empty file needs none)", n)
		}
		if inDB(photo) || !inDB(minutes) {
			t.Errorf("in the database: photo %v, minutes %v; want only the minutes uploaded before", inDB(photo), inDB(minutes))
		}
		readAll(t, "after upload")
	})
	t.Run("a part of a file", func(t *testing.T) {
		_, r, err := s.StreamEvidence(ctx, first.Evidence[0].ID)
		ok(t, err)
		defer r.Close()
		_, err = r.Seek(700000, io.SeekStart)
		ok(t, err)
		part := make([]byte, 10)
		_, err = io.ReadFull(r, part)
		ok(t, err)
		if !bytes.Equal(part, photo[700000:700010]) {
			t.Errorf("part %x, want %x", part, photo[700000:700010])
		}
	})
	t.Run("a server without the object store says so", func(t *testing.T) {
		s.SetEvidenceStore(nil)
		defer s.SetEvidenceStore(objects)
		_, _, err := s.StreamEvidence(ctx, first.Evidence[0].ID)
		if err == nil || !strings.Contains(err.Error(), "--evidence") {
			t.Errorf("open without the object store: %v", err)
		}
	})
	t.Run("moved to the database", func(t *testing.T) {
		var reports int
		m, err := s.MoveEvidence(ctx, objects, false, func(store.EvidenceMove) { reports++ })
		ok(t, err)
		if m.Total != 2 || m.Moved != 2 || m.MovedSize != int64(len(photo)) || len(m.Missing)+len(m.Damaged) != 0 || reports != 2 {
			t.Errorf("move: %+v after %d reports", m, reports)
		}
		if n := count(); n != 0 {
			t.Errorf("%d objects left", n)
		}
		s.SetEvidenceStore(nil)
		readAll(t, "in the database")
		s.SetEvidenceStore(objects)
		m, err = s.MoveEvidence(ctx, objects, false, nil)
		ok(t, err)
		if m.Total != 0 || m.Moved != 0 {
			t.Errorf("a second move found %+v", m)
		}
	})
	t.Run("moved to the object store, interrupted and resumed", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		m, err := s.MoveEvidence(cctx, objects, true, func(store.EvidenceMove) { cancel() })
		if !errors.Is(err, context.Canceled) || m.Total != 3 || m.Moved != 1 {
			t.Fatalf("interrupted move: %+v, %v", m, err)
		}
		readAll(t, "half moved")
		m, err = s.MoveEvidence(ctx, objects, true, nil)
		ok(t, err)
		if m.Total != 2 || m.Moved != 2 {
			t.Errorf("resumed move: %+v", m)
		}
		if n := count(); n != 2 || inDB(photo) || inDB(minutes) {
			t.Errorf("%d objects (want 2); in the database: photo %v, minutes %v", n, inDB(photo), inDB(minutes))
		}
		readAll(t, "in the object store")
	})
	t.Run("the quota counts the same wherever the files are", func(t *testing.T) {
		var n int64
		ok(t, s.Update(ctx, "quota", func(tx *store.Tx) (err error) { n, err = tx.EvidenceBytes(ctx, c.water.ID); return err }))
		if n != quota {
			t.Errorf("%d bytes, want %d", n, quota)
		}
	})
	t.Run("a content lost from the object store is reported, the rest moved", func(t *testing.T) {
		ok(t, objects.Delete(ctx, sumOf(minutes)))
		m, err := s.MoveEvidence(ctx, objects, false, nil)
		ok(t, err)
		if m.Moved != 2 || len(m.Missing) != 1 || m.Missing[0] != sumOf(minutes) {
			t.Errorf("move: %+v", m)
		}
		if _, _, err := s.StreamEvidence(ctx, early.Evidence[0].ID); err == nil || !strings.Contains(err.Error(), "neither in the database nor in") {
			t.Errorf("open of the lost file: %v", err)
		}
	})
}
