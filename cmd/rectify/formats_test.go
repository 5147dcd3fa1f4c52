package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/testdb"
)

// corpusDoc is a document of the notice reader's corpus.
func corpusDoc(name string) string {
	return filepath.Join("..", "..", "internal", "notice", "testdata", "corpus", name)
}

// needProgram skips the test, or fails it under RECTIFY_REQUIRE_OCR=1,
// when a program is not installed.
func needProgram(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("RECTIFY_REQUIRE_OCR") == "1" {
				t.Fatalf("%s is not installed and RECTIFY_REQUIRE_OCR=1 requires it", n)
			}
			t.Skipf("%s is not installed", n)
		}
	}
}

// TestParseAndImportPDF: parse, lint and import take a PDF as they take a
// text, whatever its file name says.
func TestParseAndImportPDF(t *testing.T) {
	needProgram(t, "pdfinfo", "pdftotext")
	data, err := os.ReadFile(corpusDoc("pdf_two_columns.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	misnamed := filepath.Join(t.TempDir(), "通报.txt")
	if err := os.WriteFile(misnamed, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r := rectifyCmd(t, nil, "", "parse", misnamed)
	if r.code != 0 {
		t.Fatalf("parse: exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Issuer   string `json:"issuer"`
		Findings []struct {
			Problems []struct {
				Title string `json:"title"`
			} `json:"problems"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Issuer != "中共临川镇委员会" || len(doc.Findings) != 2 || len(doc.Findings[1].Problems) != 3 {
		t.Errorf("parsed %+v", doc)
	}
	if r := rectifyCmd(t, nil, "", "lint", corpusDoc("pdf_two_columns.pdf")); r.code != 0 || r.stdout != "" {
		t.Errorf("lint: exit %d: %s", r.code, r.stdout)
	}
	r = rectifyCmd(t, map[string]string{"RECTIFY_DB": testdb.DSN(t)}, "", "import", corpusDoc("pdf_two_columns.pdf"))
	if r.code != 0 || !strings.Contains(r.stdout, `"problems": 6`) {
		t.Errorf("import: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestParseWithoutPrograms: without poppler-utils or LibreOffice the
// command says which Debian package to install, exit 2.
func TestParseWithoutPrograms(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, tc := range []struct{ file, want string }{
		{"pdf_text_layer.pdf", "请安装 poppler-utils"},
		{"doc_word97.doc", "请安装 libreoffice-writer-nogui（LibreOffice）"},
	} {
		r := rectifyCmd(t, nil, "", "parse", corpusDoc(tc.file))
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tc.file, r.code, r.stderr, tc.want)
		}
	}
}
