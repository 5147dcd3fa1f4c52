package notice

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// checkParsed asserts what holds for any input: an EINVALID or ETOOLARGE
// error and no document, or a document with problems, counts or a title
// (and a coverage that says so), whose
// warnings are sorted, that Lint and JSON accept.
func checkParsed(t *testing.T, d *Document, err error) {
	t.Helper()
	if err != nil {
		var re *rectify.Error
		if !errors.As(err, &re) || (re.Code != rectify.EINVALID && re.Code != rectify.ETOOLARGE) || re.Message == "" {
			t.Fatalf("error %v is not an EINVALID *rectify.Error", err)
		}
		if d != nil {
			t.Fatal("a document and an error")
		}
		return
	}
	if d == nil {
		t.Fatal("no document and no error")
	}
	if countProblems(d) == 0 && len(d.SummaryLines) == 0 && d.Title == "" {
		t.Fatal("a document without problems, counts or title")
	}
	if d.Coverage.Problems != countProblems(d) || d.Coverage.SummaryLines != len(d.SummaryLines) || d.Coverage.Missing == nil {
		t.Fatalf("coverage %+v does not match the document", d.Coverage)
	}
	sorted := func(ws []Warning) bool {
		return sort.SliceIsSorted(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line })
	}
	if !sorted(d.Warnings) {
		t.Fatalf("warnings not sorted: %v", d.Warnings)
	}
	ws := Lint(d)
	if !sorted(ws) {
		t.Fatalf("lint not sorted: %v", ws)
	}
	if len(ws) < len(d.Warnings) {
		t.Fatalf("lint dropped parse warnings: %d < %d", len(ws), len(d.Warnings))
	}
	for _, w := range ws {
		if w.Code == "" || w.Message == "" || w.Line < 0 {
			t.Fatalf("bad warning %+v", w)
		}
	}
	if _, err := json.Marshal(d); err != nil {
		t.Fatalf("json: %v", err)
	}
}

func fixtureBytes(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "notice_clean.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// seedIfPresent returns the shared seed notice, or nil without the shared
// folder.
func seedIfPresent() []byte {
	b, _ := os.ReadFile(filepath.Join(seedDir, seedName))
	return b
}

func FuzzParseText(f *testing.F) {
	clean := fixtureBytes(f)
	f.Add(clean)
	if s := seedIfPresent(); s != nil {
		f.Add(s)
	}
	for _, s := range []string{
		miniNotice("（一）反馈问题：测试。\n1．一个问题。\n整改结果：完成\n整改情况：①一项措施；②关于甲的问题：①乙。"),
		miniNotice("1、甲。\n整改结果：长期整改Ⅱ类\n整改情况：一是甲；二是乙。\n（2）丙。\n整改结果：未知"),
		"整改结果：完成",
		"1．\n整改情况：",
		"截至12月，共3个问题，已完成整改3个。\n1.甲\n整改结果：完成",
		"# 关于\n## 一、\n**1\\.** 甲。\n- 整改结果：完成\n> 整改情况：(1)甲;(2)乙",
		"\xEF\xBB\xBF1．甲。\r\n整改结果：完成\r\n",
		"\xFF\xFE1\x00.\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		skipExternal(t, data)
		d, err := Parse(data)
		checkParsed(t, d, err)
	})
}

func FuzzParseHTML(f *testing.F) {
	lines := strings.Split(strings.TrimRight(string(fixtureBytes(f)), "\n"), "\n")
	f.Add(sitePage(lines, "utf-8"))
	f.Add(sitePage(lines, "gb2312")) // declared GBK, holding UTF-8
	f.Add(`<html><body><div class="content"><p>1．甲。</p><p>整改结果：完成</p><p>整改情况：①乙</p></div></body></html>`)
	f.Add(`<html><body><pre>1．甲。
整改结果：完成</pre><table><tr><td>2．丙。</td><td>整改结果：未完成</td></tr></table></body></html>`)
	f.Add(`<html><head><meta charset="gbk"></head><body><nav>首页</nav><article><h1>关于甲的通报</h1><p>1.乙<br>整改结果：完成</p></article></body></html>`)
	f.Fuzz(func(t *testing.T, page string) {
		skipExternal(t, []byte(page))
		d, err := Parse([]byte(page))
		checkParsed(t, d, err)
	})
}

// FuzzParseDocx mutates the body of document.xml and the numbering part,
// and wraps them in a Word package.
func FuzzParseDocx(f *testing.F) {
	lines := strings.Split(strings.TrimRight(string(fixtureBytes(f)), "\n"), "\n")
	var body strings.Builder
	for _, p := range autoNumbered(lines) {
		body.WriteString(docxParaXML(p))
	}
	numbering := docxParts("", true)["word/numbering.xml"]
	f.Add(body.String(), numbering)
	f.Add(`<w:p><w:r><w:t>1．甲。</w:t><w:br/><w:t>整改结果：完成</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:tab/><w:t>整改情况：①乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, "")
	f.Add(`<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>甲。</w:t></w:r></w:p><w:p><w:r><w:t>整改结果：完成</w:t></w:r></w:p>`, numbering)
	f.Fuzz(func(t *testing.T, body, numbering string) {
		parts := docxParts(body, numbering != "")
		if numbering != "" {
			parts["word/numbering.xml"] = numbering
		}
		d, err := Parse(zipParts(t, parts))
		checkParsed(t, d, err)
	})
}

// FuzzLint checks a notice whose measure, title and dates are arbitrary.
func FuzzLint(f *testing.F) {
	f.Add("计划2023年底前全部改造", "甲问题", "乙问题", 2023, 11, 28, 4)
	f.Add("截至2023年11月，累计走访；明年上半年验收；十二月份通报", "甲", "甲", 2024, 1, 1, 1)
	f.Add("关于甲的问题：①乙；②丙", "", "丁", 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, measure, title1, title2 string, y, m, day, n int) {
		date := rectify.Date{Year: y % 3000, Month: 0, Day: 0}
		if m >= 1 && m <= 12 && day >= 1 && day <= 28 && date.Year > 0 {
			date = rectify.NewDate(date.Year, 1, 1).AddMonths(m - 1).AddDays(day - 1)
		} else {
			date = rectify.Date{}
		}
		d := &Document{Date: date, Summary: Summary{Line: 3, Total: n, Completed: n}, Findings: []Finding{{
			Number: 1, Title: title1, Line: 5, Problems: []Problem{
				{Number: n, Title: title1, Line: 6, Status: rectify.StatusCompleted, Measures: []Measure{{Text: measure, Line: 7}, {Text: measure + title2, Group: title2, Line: 7}}},
				{Number: n + 1, Title: title2, Line: 8, Status: rectify.Status(title2), StatusText: title2, Measures: []Measure{{Text: measure, Group: title1, Line: 9}}},
			}}}}
		ws := Lint(d)
		if !sort.SliceIsSorted(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line }) {
			t.Fatalf("not sorted: %v", ws)
		}
		for _, w := range futureDates(measure, date) {
			if !date.IsZero() && !w.earliest.After(date) {
				t.Fatalf("%q reported as future but %s is not after %s", w.text, w.earliest, date)
			}
		}
	})
}
