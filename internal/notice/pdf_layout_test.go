package notice

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// pageOf lays out lines of text the way a word processor sets them on an
// A4 page of 595×842 points: each entry is "INDENT|text" where INDENT is
// the number of characters of indent (a character is 16 points wide, a
// line 28 points apart); a line of 26 characters fills the measure.
// Entries starting with ">" are set in the right column of two (then a
// column holds 14 characters of 14 points), "^" in the top band, "_" in
// the bottom band.
func pageOf(entries ...string) boxPage {
	ch, pitch := 16.0, 28.0
	for _, e := range entries {
		if strings.HasPrefix(e, ">") {
			ch = 14
		}
	}
	pg := boxPage{w: 595, h: 842}
	y := map[int]float64{0: 110, 1: 110}
	band := func(y0 float64, t string) {
		x := 280 - ch*float64(utf8.RuneCountInString(t))/2
		pg.lines = append(pg.lines, boxLine{x0: x, y0: y0, x1: x + ch*float64(utf8.RuneCountInString(t))/2, y1: y0 + 10, text: t})
	}
	for _, e := range entries {
		col, x0 := 0, 80.0
		switch {
		case strings.HasPrefix(e, "^"):
			band(40, e[1:])
			continue
		case strings.HasPrefix(e, "_"):
			band(800, e[1:])
			continue
		case strings.HasPrefix(e, ">"):
			col, x0 = 1, 320
			e = e[1:]
		}
		indent, text, _ := strings.Cut(e, "|")
		x := x0 + ch*float64(len(indent))
		pg.lines = append(pg.lines, boxLine{x0: x, y0: y[col], x1: x + ch*float64(utf8.RuneCountInString(text)), y1: y[col] + ch, text: text})
		y[col] += pitch
	}
	return pg
}

// full is a line of n characters that fills the measure.
func full(n int) string { return strings.Repeat("字", n) }

func texts(ls []layoutLine) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.text)
	}
	return out
}

func TestLayoutText(t *testing.T) {
	long := full(24) // with a two-character indent: the full measure
	body := full(26)
	tests := []struct {
		name  string
		pages []boxPage
		want  []string
	}{
		{
			name: "wrapped paragraphs join, indented ones start anew",
			pages: []boxPage{pageOf(
				"  |"+long, "|"+body, "|尾。",
				"  |短段落。",
				"  |"+long, "|结束。",
			)},
			want: []string{long + body + "尾。", "短段落。", long + "结束。"},
		},
		{
			name: "a numbered item or a label at the margin is never joined",
			pages: []boxPage{pageOf(
				"|"+body, "|1．问题标题。",
				"|"+body, "|整改结果：完成",
				"|"+body, "|（二）反馈问题：某某。",
				"|"+body, "|12.6公里。",
			)},
			want: []string{body, "1．问题标题。", body, "整改结果：完成", body, "（二）反馈问题：某某。", body + "12.6公里。"},
		},
		{
			name: "without indents a full line ending a sentence ends its paragraph",
			pages: []boxPage{pageOf(
				"|"+full(25)+"。", "|另一段。",
				"|"+body, "|续行。",
			)},
			want: []string{full(25) + "。", "另一段。", body + "续行。"},
		},
		{
			name: "running header and page numbers of every style go",
			pages: []boxPage{
				pageOf("^青禾县人民政府门户网站", "  |第一页正文。", "_- 1 -"),
				pageOf("^青禾县人民政府门户网站", "  |第二页正文。", "_第2页 共3页"),
				pageOf("^青禾县人民政府门户网站", "  |第三页正文。", "_— 3 —"),
			},
			want: []string{"第一页正文。", "第二页正文。", "第三页正文。"},
		},
		{
			name: "a footer that differs only in its digits goes",
			pages: []boxPage{
				pageOf("  |甲。", "_http://www.example.cn/art/2024/5/9/art_1.html 1/2"),
				pageOf("  |乙。", "_http://www.example.cn/art/2024/5/9/art_1.html 2/2"),
			},
			want: []string{"甲。", "乙。"},
		},
		{
			name: "a title at the top of one page only stays",
			pages: []boxPage{
				pageOf("^关于整改进展情况的通报", "  |正文。"),
				pageOf("  |续页正文。"),
			},
			want: []string{"关于整改进展情况的通报", "正文。", "续页正文。"},
		},
		{
			name: "the indents of the document hold on a last page of one paragraph",
			pages: []boxPage{
				pageOf("  |"+long, "|甲。", "  |"+long, "|乙。"),
				pageOf("  |"+full(23)+"：", "|"+full(25)+"：", "|丙。"),
			},
			want: []string{long + "甲。", long + "乙。", full(23) + "：" + full(25) + "：丙。"},
		},
		{
			name: "a paragraph runs on across the page break",
			pages: []boxPage{
				pageOf("  |"+long, "|"+body, "_- 1 -"),
				pageOf("|下页接续。", "_- 2 -"),
			},
			want: []string{long + body + "下页接续。"},
		},
		{
			name: "a table of three columns is read row by row",
			pages: []boxPage{{w: 595, h: 842, lines: tableRows(
				[3]string{"序号", "问题", "整改情况"},
				[3]string{"1", "问题甲", "已完成"},
				[3]string{"2", "问题乙", "已完成"},
				[3]string{"3", "问题丙", "长期整改"},
			)}},
			want: []string{"序号 问题 整改情况", "1 问题甲 已完成", "2 问题乙 已完成", "3 问题丙 长期整改"},
		},
		{
			name: "pieces of one line cut at a tab are one line again",
			pages: []boxPage{{w: 595, h: 842, lines: []boxLine{
				{x0: 112, y0: 110, x1: 192, y1: 126, text: "整改结果："},
				{x0: 260, y0: 110, x1: 292, y1: 126, text: "完成"},
				{x0: 112, y0: 138, x1: 192, y1: 154, text: "整改情况："},
				{x0: 192, y0: 138, x1: 272, y1: 154, text: "①甲。"},
			}}},
			want: []string{"整改结果： 完成", "整改情况：①甲。"},
		},
		{
			name: "two columns: the left one is read first, and runs on into the right",
			pages: []boxPage{pageOf(
				"  |左一"+full(10), ">|接续。",
				"|左二"+full(12), ">  |右二"+full(10),
				"|左三。", ">|右三"+full(12),
				"  |左四"+full(10), ">|右四。",
				"|左五"+full(12), ">  |右五。",
			)},
			want: []string{
				"左一" + full(10) + "左二" + full(12) + "左三。",
				"左四" + full(10) + "左五" + full(12) + "接续。",
				"右二" + full(10) + "右三" + full(12) + "右四。",
				"右五。",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(layoutText(tc.pages))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestIsPageNumber(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"3", true}, {"- 3 -", true}, {"—3—", true}, {"－ 12 －", true}, {"一 3 一", true},
		{"第3页", true}, {"第 3 页 共 5 页", true}, {"第3页，共5页", true}, {"共5页 第3页", true},
		{"3/5", true}, {"3 / 5", true}, {"Page 3 of 5", true}, {"page 2", true},
		{"2023年12月25日", false}, {"整改结果：完成", false}, {"一、整改工作组织情况", false},
		{"第三巡察组", false}, {"12345", false}, {"", false},
	} {
		if got := isPageNumber(tc.text); got != tc.want {
			t.Errorf("isPageNumber(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestJoinWords(t *testing.T) {
	w := func(x0, x1 float64, s string) boxWord { return boxWord{x0: x0, y0: 0, x1: x1, y1: 10, text: s} }
	for _, tc := range []struct {
		name  string
		words []boxWord
		want  string
	}{
		{"digits and Chinese close up", []boxWord{w(0, 40, "截至2023"), w(43, 53, "年"), w(56, 62, "7"), w(65, 75, "月")}, "截至2023年7月"},
		{"Latin words keep their space", []boxWord{w(0, 20, "Page"), w(24, 30, "3")}, "Page 3"},
		{"touching Latin pieces stay one word", []boxWord{w(0, 20, "example"), w(20.5, 30, ".cn")}, "example.cn"},
		{"blank words vanish", []boxWord{w(0, 10, "甲"), w(11, 12, " "), w(13, 23, "乙")}, "甲乙"},
	} {
		if got := joinWords(tc.words); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseBBoxLayout(t *testing.T) {
	xhtml := `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><doc>
<page width="595.3" height="841.9"><flow><block xMin="80" yMin="100" xMax="300" yMax="116">
<line xMin="80" yMin="100" xMax="300" yMax="116"><word xMin="80" yMin="100" xMax="200" yMax="116">截至2023</word><word xMin="202" yMin="100" xMax="212" yMax="116">年</word><word xMin="214" yMin="100" xMax="300" yMax="116">A&amp;B</word></line>
</block></flow></page>
<page width="595.3" height="841.9"></page>
</doc></body></html>`
	pages, err := parseBBoxLayout([]byte(xhtml))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].w != 595.3 || len(pages[0].lines) != 1 || len(pages[1].lines) != 0 {
		t.Fatalf("pages = %+v", pages)
	}
	if l := pages[0].lines[0]; l.text != "截至2023年A&B" || l.x0 != 80 || l.x1 != 300 {
		t.Errorf("line = %+v", l)
	}
	if hasTextLayer(pages[0]) {
		t.Error("three Chinese characters taken for a text layer")
	}
}

func TestParseTesseractTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n" +
		"4\t1\t1\t1\t1\t0\t160\t166\t385\t25\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t160\t166\t52\t25\t95.5\t中\n" +
		"5\t1\t1\t1\t1\t2\t192\t162\t33\t42\t8.05\t共和\n" +
		"5\t1\t1\t1\t1\t3\t217\t166\t20\t25\t96.3\t白沙县\n" +
		"4\t1\t1\t1\t2\t0\t160\t207\t385\t25\t-1\t\n" +
		"5\t1\t1\t1\t2\t1\t160\t207\t60\t25\t91\t2023年7月\n" +
		"5\t1\t1\t1\t2\t2\t230\t207\t20\t25\t90\t3\n" +
		"5\t1\t1\t1\t2\t3\t260\t207\t20\t25\t90\t日\n" +
		"4\t1\t2\t1\t1\t0\t160\t300\t385\t25\t-1\t\n" +
		"5\t1\t2\t1\t1\t1\t160\t300\t60\t25\t95\t \n" +
		"garbage\n"
	pg := parseTesseractTSV([]byte(tsv))
	if pg.w != 1654 || pg.h != 2339 {
		t.Errorf("page size %v×%v", pg.w, pg.h)
	}
	var got []string
	for _, l := range pg.lines {
		got = append(got, l.text)
	}
	if want := []string{"中共和白沙县", "2023年7月3日"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if want := []string{"共和"}; !reflect.DeepEqual(pg.lines[0].low, want) {
		t.Errorf("low-confidence words %q, want %q", pg.lines[0].low, want)
	}
}

func TestPDFPageCount(t *testing.T) {
	if n := pdfPageCount([]byte("Producer:  LibreOffice\nPages:           4\nEncrypted: no\n")); n != 4 {
		t.Errorf("pages = %d", n)
	}
	if n := pdfPageCount([]byte("nothing")); n != 0 {
		t.Errorf("pages = %d", n)
	}
}

// tableRows sets rows of three cells in columns at x 80, 250 and 420.
func tableRows(rows ...[3]string) []boxLine {
	var out []boxLine
	for i, r := range rows {
		y := 110 + 28*float64(i)
		for c, cell := range r {
			x := 80 + 170*float64(c)
			out = append(out, boxLine{x0: x, y0: y, x1: x + 16*float64(utf8.RuneCountInString(cell)), y1: y + 16, text: cell})
		}
	}
	return out
}
