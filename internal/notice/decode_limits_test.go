package notice

import (
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// peakHeap runs f and returns how far the heap (live and not yet
// collected objects) rose above where it stood before, sampled every
// millisecond while f runs.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// limitCase is a small document built to cost a reader far more than its
// size, and the message that must refuse it.
type limitCase struct {
	name string
	data []byte
	want string
}

func docxLimitCases(tb testing.TB) []limitCase {
	deepNumbering := docxParts(`<w:p><w:r><w:t>甲</w:t></w:r></w:p>`, true)
	deepNumbering["word/numbering.xml"] = `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		strings.Repeat(`<w:abstractNum>`, 100_000) + strings.Repeat(`</w:abstractNum>`, 100_000) + `</w:numbering>`
	manyNumbers := docxParts(`<w:p><w:r><w:t>甲</w:t></w:r></w:p>`, true)
	manyNumbers["word/numbering.xml"] = `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		strings.Repeat(`<w:abstractNum w:abstractNumId="7"/>`, 300_000) + `</w:numbering>`
	para := `<w:p><w:r><w:t>` + strings.Repeat("整改措施落实不到位，", 40) + `</w:t></w:r></w:p>`
	return []limitCase{
		{"a million nested paragraphs", zipParts(tb, docxParts(strings.Repeat("<w:p>", 1_000_000)+strings.Repeat("</w:p>", 1_000_000), false)),
			"document.xml 在第2行元素嵌套超过 64 层"},
		{"three million empty elements", zipParts(tb, docxParts(strings.Repeat("<w:x/>", 3_000_000), false)),
			"document.xml 到第2行已超过 2000000 个元素"},
		{"a million empty paragraphs", zipParts(tb, docxParts(strings.Repeat("<w:p/>", 1_000_000), false)),
			"正文超过 500000 段"},
		{"text past the limit", zipParts(tb, docxParts(strings.Repeat(para, 30_000), false)),
			"正文文字超过 32 MB"},
		{"numbering nested deep", zipParts(tb, deepNumbering), "numbering.xml 在第1行元素嵌套超过 64 层"},
		{"numbering of too many lists", zipParts(tb, manyNumbers), "numbering.xml 到第1行已超过 200000 个元素"},
	}
}

// TestDocxLimits: a .docx of a few kilobytes that unpacks to millions of
// elements is refused while it is read, saying which limit and where, and
// the heap grows little on the way (eight such files took 1.65 GB when the
// reader took every element first).
func TestDocxLimits(t *testing.T) {
	const bound = 100 << 20
	for _, tt := range docxLimitCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := peakHeap(func() { _, err = Parse(tt.data) })
			if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%d KB: Parse = %v, want an EINVALID error with %q", len(tt.data)>>10, err, tt.want)
			}
			if n > bound {
				t.Errorf("refusing %d KB grew the heap by %d MB, want under %d MB", len(tt.data)>>10, n>>20, bound>>20)
			}
			t.Logf("%d KB refused, heap grew by at most %d MB: %v", len(tt.data)>>10, n>>20, err)
		})
	}
}

// BenchmarkDocxLimits prints how long each refusal of TestDocxLimits takes
// and what it allocates.
func BenchmarkDocxLimits(b *testing.B) {
	for _, tt := range docxLimitCases(b) {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(tt.data); err == nil {
					b.Fatal("not refused")
				}
			}
		})
	}
}

func htmlLimitCases() []limitCase {
	page := func(body string) []byte {
		return []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>通报</title></head><body>\n" + body + "\n</body></html>")
	}
	return []limitCase{
		{"a million nested divs", page(strings.Repeat("<div>", 1_000_000)), "网页第3行元素嵌套过深（超过 500 层）"},
		{"nested formatting", page(strings.Repeat("<b><i><span>", 300_000)), "网页第3行元素嵌套过深（超过 500 层）"},
		{"nested lines", page(strings.Repeat("<div>\n", 600)), "网页第503行元素嵌套过深"},
		{"a million paragraphs", page(strings.Repeat("<p>甲", 1_000_000)), "网页到第3行已超过 200000 个标记"},
		{"one huge tag", page(`<div class="` + strings.Repeat("x", 2<<20) + `">`), "网页第3行有一个超过 1 MB 的标记"},
	}
}

// TestHTMLLimits: a page built to make the tree builder work hard is
// refused by a pass of the tokenizer, saying which limit and where, before
// any tree is built; a page of ordinary depth with unclosed paragraphs and
// list items passes.
func TestHTMLLimits(t *testing.T) {
	const bound = 50 << 20
	for _, tt := range htmlLimitCases() {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := peakHeap(func() { _, err = Parse(tt.data) })
			if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%d KB: Parse = %v, want an EINVALID error with %q", len(tt.data)>>10, err, tt.want)
			}
			if n > bound {
				t.Errorf("refusing %d KB grew the heap by %d MB, want under %d MB", len(tt.data)>>10, n>>20, bound>>20)
			}
			t.Logf("%d KB refused, heap grew by at most %d MB: %v", len(tt.data)>>10, n>>20, err)
		})
	}
	loose := "<ul>" + strings.Repeat("<li><p>一项", 2000) + "</ul><table>" + strings.Repeat("<tr><td>甲<td>乙", 1000) + "</table>"
	if err := checkHTMLBounds(loose); err != nil {
		t.Errorf("a page with unclosed items refused: %v", err)
	}
}

// BenchmarkHTMLLimits prints how long each refusal of TestHTMLLimits takes.
func BenchmarkHTMLLimits(b *testing.B) {
	for _, tt := range htmlLimitCases() {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(tt.data); err == nil {
					b.Fatal("not refused")
				}
			}
		})
	}
}
