package notice

import (
	"strings"
	"testing"
)

// BenchmarkParseSeed parses the seed notice as text; the goal is at most
// 1 ms a parse.
func BenchmarkParseSeed(b *testing.B) {
	data := readSeed(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSeedDocx parses the seed as a Word document.
func BenchmarkParseSeedDocx(b *testing.B) {
	lines := strings.Split(strings.TrimRight(string(readSeed(b)), "\n"), "\n")
	data := buildDocx(b, docxParagraphsOf(lines))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSeedHTML parses the seed as a saved web page.
func BenchmarkParseSeedHTML(b *testing.B) {
	lines := strings.Split(strings.TrimRight(string(readSeed(b)), "\n"), "\n")
	data := []byte(sitePage(lines, "utf-8"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintSeed checks the parsed seed.
func BenchmarkLintSeed(b *testing.B) {
	d, err := Parse(readSeed(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Lint(d)
	}
}
