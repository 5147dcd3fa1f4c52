package notice

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRepairOCR: the repair of OCR text never panics, keeps valid UTF-8
// valid, never grows a line much and is done after one pass on what it
// repaired (a second pass changes nothing the first left).
func FuzzRepairOCR(f *testing.F) {
	for _, s := range []string{
		"2023年7月 3 日", "(一) 反馈问题: 落实", "1， 网络阵地", "-、整改工作", "（-）反馈",
		"整改情况: @D会同; @印发; ©建立; @@复查。", "整改情况：中明确；@建立。", "长期整改工类", "2O23年l2月1O日",
		"bsw@example.cn", "(3)完善", "十-、其他", "", " ", "@", "中", "((((", "：@：@：@",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := repairOCR(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("repairOCR(%q) = %q: invalid UTF-8", s, got)
		}
		if len(got) > 3*len(s)+8 {
			t.Fatalf("repairOCR grew %d bytes to %d", len(s), len(got))
		}
		if utf8.ValidString(s) {
			if again := repairOCR(got); utf8.RuneCountInString(again) > utf8.RuneCountInString(got)+2 {
				t.Fatalf("a second repair grew %q to %q", got, again)
			}
		}
	})
}

// FuzzBBoxLayout: any output of pdftotext -bbox-layout, however broken,
// gives lines without panicking, none longer than the limit.
func FuzzBBoxLayout(f *testing.F) {
	f.Add([]byte(`<doc><page width="595" height="842"><flow><block><line xMin="80" yMin="100" xMax="300" yMax="116"><word xMin="80" yMin="100" xMax="300" yMax="116">截至2023年</word></line></block></flow></page></doc>`))
	f.Add([]byte(`<doc><page width="0" height="NaN"><line xMin="1e300" yMin="-5" xMax="-1e300" yMax="x"><word>第1页 共2页</word></line></page><page><line><word>- 2 -</word></line></page></doc>`))
	f.Add([]byte(`<page><line><word>&amp;&lt;</word><word>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := parseBBoxLayout(data)
		if err != nil {
			return
		}
		for _, l := range layoutText(pages) {
			if utf8.RuneCountInString(l.text) > 2*maxLineRunes+maxLineRunes {
				t.Fatalf("a line of %d characters", utf8.RuneCountInString(l.text))
			}
			if strings.TrimSpace(l.text) == "" {
				t.Fatal("a blank line")
			}
		}
	})
}

// FuzzLayoutGeometry: lines at any positions, sizes and overlaps — columns,
// furniture, joins — are laid out without panicking and lose no text
// but furniture.
func FuzzLayoutGeometry(f *testing.F) {
	f.Add([]byte{10, 20, 200, 30, 1, 10, 50, 200, 60, 2, 120, 20, 250, 30, 3})
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		var pages []boxPage
		pg := boxPage{w: 595, h: 842}
		words := []string{"整改", "- 3 -", "1．问题。", "第2页 共3页", "（一）", "abc", "整改结果：完成"}
		for i := 0; i+5 <= len(data) && len(pages) < 20; i += 5 {
			x0 := float64(data[i]) * 3
			y0 := float64(data[i+1]) * 4
			x1 := x0 + float64(data[i+2])*2
			y1 := y0 + float64(data[i+3]%40)
			pg.lines = append(pg.lines, boxLine{x0: x0, y0: y0, x1: x1, y1: y1, text: words[int(data[i+4])%len(words)]})
			if data[i+4] > 240 {
				pages = append(pages, pg)
				pg = boxPage{w: 595, h: float64(binary.LittleEndian.Uint16(append(data[i:i+1], 3)))}
			}
		}
		pages = append(pages, pg)
		for _, l := range layoutText(pages) {
			if l.page < 1 || l.page > len(pages) {
				t.Fatalf("line on page %d of %d", l.page, len(pages))
			}
		}
	})
}

// FuzzTesseractTSV: any TSV parses, and its lines lay out.
func FuzzTesseractTSV(f *testing.F) {
	f.Add([]byte("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n4\t1\t1\t1\t1\t0\t160\t166\t385\t25\t-1\t\n5\t1\t1\t1\t1\t1\t160\t166\t52\t25\t95.5\t中\n"))
	f.Add([]byte("5\t1\t1\t1\t1\t1\t-160\t166\t52\t25\tNaN\t中\n4\t1\t1\t1\t1\t0\t9999999999\t1\t1\t1\t-1\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pg := parseTesseractTSV(data)
		pg.ocr = true
		dec := fromLayout(formatScan, layoutText([]boxPage{pg}))
		if len(dec.warnings) != len(dec.lines) {
			t.Fatalf("%d lines but %d OCR marks", len(dec.lines), len(dec.warnings))
		}
	})
}
