package importer_test

import (
	"os"
	"testing"

	"github.com/rectify-dev/rectify/internal/importer"
)

// FuzzRead: whatever the bytes, Read returns a preview or an error, never
// panics, and a preview's counts agree with its document and its marks.
func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/feedback-transport.txt", "testdata/problem-list.txt", "../../examples/notice-qingxi-water.txt"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04xl/workbook.xml"))
	f.Add(problemListSheetBytes(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := importer.Read(data)
		if err != nil {
			return
		}
		problems := 0
		for i, fd := range p.Document.Findings {
			problems += len(fd.Problems)
			if i >= len(p.ProblemMarks) || len(p.ProblemMarks[i]) != len(fd.Problems) {
				t.Fatalf("finding %d: marks %v for %d problems", i, p.ProblemMarks, len(fd.Problems))
			}
		}
		if problems != p.Problems || p.Findings != len(p.Document.Findings) || p.Problems == 0 {
			t.Fatalf("preview counts %d findings, %d problems; the document has %d, %d", p.Findings, p.Problems, len(p.Document.Findings), problems)
		}
		if p.Kind.Label() == "文件" {
			t.Fatalf("unknown kind %q", p.Kind)
		}
	})
}
