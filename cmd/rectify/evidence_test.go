package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/objstore"
	"github.com/rectify-dev/rectify/internal/objstore/objstoretest"
	"github.com/rectify-dev/rectify/internal/store"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestEvidenceMoveUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	keys := map[string]string{"RECTIFY_S3_ACCESS_KEY": "ak", "RECTIFY_S3_SECRET_KEY": "sk"}
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", nil, []string{"evidence"}, 2, "rectify evidence 的子命令：move"},
		{"nowhere to go", nil, []string{"evidence", "move", "--db", db}, 2, "需要 --to s3://… 或 --to db"},
		{"back without the store", nil, []string{"evidence", "move", "--to", "db", "--db", db}, 2, "请用 --from s3://…"},
		{"from with an object store", keys, []string{"evidence", "move", "--to", "s3://b", "--from", "s3://c", "--db", db}, 2, "--from 只用于 --to db"},
		{"not an s3 address", keys, []string{"evidence", "move", "--to", "https://oss.example.org/b", "--db", db}, 2, "应以 s3:// 开头"},
		{"no keys", nil, []string{"evidence", "move", "--to", "s3://b?endpoint=127.0.0.1:1", "--db", db}, 2, "RECTIFY_S3_ACCESS_KEY"},
		{"keys in the address", keys, []string{"evidence", "move", "--to", "s3://ak:sk@b", "--db", db}, 2, "密钥不要写在地址里"},
		{"serve with a bad store", keys, []string{"serve", "--db", db, "--evidence", "s3://b?secure=perhaps"}, 2, "secure 应为 true 或 false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rectifyCmd(t, tt.env, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d saying %q", r.code, r.stderr, tt.code, tt.stderr)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command created the database")
	}
}

// TestEvidenceMoveCommand moves the files of a record to the S3-compatible
// server of RECTIFY_TEST_S3 and back, as an operator would.
func TestEvidenceMoveCommand(t *testing.T) {
	cfg := objstoretest.Config(t)
	vars := map[string]string{"RECTIFY_S3_ACCESS_KEY": cfg.AccessKey, "RECTIFY_S3_SECRET_KEY": cfg.SecretKey}
	where := cfg.String()
	ctx := rectify.AsSystem(context.Background())
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	unit := &rectify.Unit{Name: "青石县水务局党组"}
	must(t, st.CreateUnit(ctx, unit))
	in := &rectify.Inspection{UnitID: unit.ID, Team: "县委第一巡察组", Kind: rectify.KindRegular,
		Findings: []*rectify.Finding{{Number: 1, Title: "制度执行不严", Problems: []*rectify.Problem{{Number: 1, Title: "公务用车管理不规范"}}}}}
	must(t, st.CreateInspection(ctx, in))
	photo := bytes.Repeat([]byte("车辆登记照片"), 40000)
	rules := []byte("公务用车管理办法（修订）")
	var ids []int64
	for i, files := range [][]store.EvidenceFile{
		{{Name: "登记照片.jpg", Data: photo}, {Name: "管理办法.txt", Data: rules}},
		{{Name: "登记照片（补）.jpg", Data: photo}},
	} {
		p := &rectify.Progress{ProblemID: in.Findings[0].Problems[0].ID, Date: rectify.MustDate("2024-03-0" + string(rune('1'+i))),
			Text: "完成车辆登记。", Author: "赵强"}
		must(t, st.AddProgress(ctx, p, files))
		for _, e := range p.Evidence {
			ids = append(ids, e.ID)
		}
	}
	must(t, st.Close())
	want := [][]byte{photo, rules, photo}
	check := func(t *testing.T, objects store.EvidenceStore) {
		t.Helper()
		st, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		st.SetEvidenceStore(objects)
		for i, id := range ids {
			_, r, err := st.StreamEvidence(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(got, want[i]) {
				t.Errorf("evidence %d: %d bytes (%v), want %d", id, len(got), err, len(want[i]))
			}
		}
	}
	move := func(t *testing.T, args ...string) store.EvidenceMove {
		t.Helper()
		r := rectifyCmd(t, vars, "", append([]string{"evidence", "move", "--db", db, "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var m store.EvidenceMove
		if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
			t.Fatalf("%v: %s", err, r.stdout)
		}
		return m
	}

	t.Run("to the object store", func(t *testing.T) {
		m := move(t, "--to", where)
		if m.Total != 2 || m.Moved != 2 || m.Bytes != int64(len(photo)+len(rules)) {
			t.Errorf("moved %+v; want the 2 contents of 3 files", m)
		}
		if m := move(t, "--to", where); m.Total != 0 {
			t.Errorf("run again: %+v", m)
		}
		objects, err := objstore.Open(ctx, cfg)
		must(t, err)
		check(t, objects)
	})
	t.Run("back to the database", func(t *testing.T) {
		m := move(t, "--to", "db", "--from", where)
		if m.Total != 2 || m.Moved != 2 || m.To != "数据库" {
			t.Errorf("moved %+v", m)
		}
		check(t, nil)
	})
	t.Run("the store from RECTIFY_EVIDENCE, text output", func(t *testing.T) {
		move(t, "--to", where)
		vars["RECTIFY_EVIDENCE"] = where
		r := rectifyCmd(t, vars, "", "evidence", "move", "--db", db, "--to", "db")
		if r.code != 0 || !strings.Contains(r.stdout, "已迁移到数据库：2/2 份内容") {
			t.Errorf("exit %d: %s %s", r.code, r.stdout, r.stderr)
		}
		check(t, nil)
	})
	t.Run("gc removes only what no file needs", func(t *testing.T) {
		move(t, "--to", where)
		objects, err := objstore.Open(ctx, cfg)
		must(t, err)
		orphan := []byte("已删除的整改情况的附件")
		must(t, objects.Put(ctx, sumHex(orphan), int64(len(orphan)), bytes.NewReader(orphan)))
		gc := func(at time.Time, args ...string) string {
			t.Helper()
			var out, errb bytes.Buffer
			e := &env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
				now: func() time.Time { return at }}
			if err := run(ctx, e, append([]string{"evidence", "gc", "--db", db, "--evidence", where}, args...)); err != nil {
				t.Fatalf("gc: %v %s", err, errb.String())
			}
			return out.String()
		}
		if out := gc(time.Now()); !strings.Contains(out, "已清理 0 个") || objstoretest.Count(t, objects) != 3 {
			t.Errorf("gc of fresh objects: %s", out)
		}
		later := time.Now().Add(2 * time.Hour)
		if out := gc(later, "--older-than", "1h", "--dry-run"); !strings.Contains(out, "将清理 "+sumHex(orphan)) || strings.Count(out, "将清理") != 1 ||
			objstoretest.Count(t, objects) != 3 {
			t.Errorf("dry run: %s", out)
		}
		if out := gc(later, "--older-than", "1h"); !strings.Contains(out, "已清理 1 个") || !strings.Contains(out, "保留 2 个") || objstoretest.Count(t, objects) != 2 {
			t.Errorf("gc: %s", out)
		}
		check(t, objects)
	})
}

func sumHex(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// TestServeEvidence starts rectify serve --demo --evidence s3://… as an
// operator would: the demo's evidence files land in the object store, not
// in the database, and read back whole.
func TestServeEvidence(t *testing.T) {
	cfg := objstoretest.Config(t)
	vars := map[string]string{"RECTIFY_S3_ACCESS_KEY": cfg.AccessKey, "RECTIFY_S3_SECRET_KEY": cfg.SecretKey}
	db := filepath.Join(t.TempDir(), "r.db")
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo", "--evidence", cfg.String()},
			func(k string) string { return vars[k] }, strings.NewReader(""), out, errb)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for startedRE.FindStringSubmatch(out.String()) == nil {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("rectify serve did not start: %s%s", out, errb)
		}
		select {
		case c := <-done:
			t.Fatalf("rectify serve exited %d: %s%s", c, out, errb)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if c := <-done; c != 0 {
		t.Fatalf("exit %d: %s", c, errb)
	}
	if !strings.Contains(errb.String(), "evidence=\"s3://"+cfg.Bucket+"/"+cfg.Prefix) {
		t.Errorf("the log does not say where evidence goes: %s", errb)
	}

	objects, err := objstore.Open(context.Background(), cfg)
	must(t, err)
	n := objstoretest.Count(t, objects)
	if n == 0 {
		t.Fatal("no object in the store after the demo's evidence")
	}
	st, err := store.Open(context.Background(), db)
	must(t, err)
	defer st.Close()
	st.SetEvidenceStore(objects)
	files := 0
	for id := int64(1); ; id++ {
		e, err := st.GetEvidence(context.Background(), id)
		if err != nil {
			break
		}
		files++
		if r, _, err := st.DatabaseEvidence().Open(context.Background(), e.SHA256); err == nil {
			r.Close()
			if e.Size > 0 {
				t.Errorf("evidence %d (%s) is in the database", id, e.Name)
			}
		}
		_, data, err := st.OpenEvidence(context.Background(), id)
		if err != nil || int64(len(data)) != e.Size || sumHex(data) != e.SHA256 {
			t.Errorf("evidence %d (%s): %d bytes (%v), want %d", id, e.Name, len(data), err, e.Size)
		}
	}
	if files < n {
		t.Errorf("%d files, %d objects", files, n)
	}
}
