package notice

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// seedDir is the shared folder of real notices, beside the repository.
var seedDir = filepath.Join("..", "..", "..", "shared", "seed")

const seedName = "notice-shaoyang-2023-11-28.txt"

// readSeed returns the seed notice, skipping the test when the shared
// folder is not there.
func readSeed(tb testing.TB) []byte {
	tb.Helper()
	if _, err := os.Stat(seedDir); err != nil {
		tb.Skipf("no shared seed folder: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(seedDir, seedName))
	if err != nil {
		tb.Fatalf("read seed: %v", err)
	}
	return data
}

func parseOK(tb testing.TB, data []byte) *Document {
	tb.Helper()
	d, err := Parse(data)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return d
}

// TestParseSeed checks the seed's structure, the same facts as
// tools/check_seed.py in the shared folder.
func TestParseSeed(t *testing.T) {
	d := parseOK(t, readSeed(t))
	eq := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	eq("issuer", d.Issuer, "中共邵阳市园林绿化中心委员会")
	eq("title", d.Title, "关于巡察整改进展情况的通报")
	eq("date", d.Date.String(), "2023-11-28")
	eq("team", d.Inspection.Team, "市委第四巡察组")
	eq("kind", d.Inspection.Kind, rectify.KindExtended)
	eq("start", d.Inspection.Start.String(), "2023-03-21")
	eq("end", d.Inspection.End.String(), "2023-06-07")
	eq("feedback", d.Inspection.Feedback.String(), "2023-07-03")
	eq("deployer", d.Inspection.Deployer, "市委")
	eq("unit", d.Inspection.UnitName, "邵阳市园林绿化中心党委")
	eq("summary.total", d.Summary.Total, 25)
	eq("summary.completed", d.Summary.Completed, 18)
	eq("summary.long_term", d.Summary.LongTerm, 7)
	eq("summary.class", d.Summary.LongTermClass, "I")
	eq("summary.as_of", d.Summary.AsOf.String(), "2023-11-28")
	eq("summary.line", d.Summary.Line, 22)
	eq("contact.phone", d.Contact.Phone, "0739-5331851")
	eq("contact.email", d.Contact.Email, "2467373448@qq.com")
	if a := d.Contact.Address; a == "" || strings.ContainsAny(a, "；;：") || strings.Contains(a, "邮箱") {
		t.Errorf("contact.address = %q", d.Contact.Address)
	}
	eq("work paragraphs", len(d.Work), 8)
	eq("next steps", len(d.NextSteps), 3)

	wantPerFinding := []int{2, 2, 5, 1, 2, 3, 4, 1, 1, 2, 1, 1}
	eq("findings", len(d.Findings), len(wantPerFinding))
	wantLong := map[int]bool{4: true, 6: true, 7: true, 8: true, 9: true, 22: true, 23: true}
	wantMeasures := map[int]int{1: 2, 2: 3, 3: 5, 4: 4, 5: 2, 6: 6, 7: 2, 8: 3, 9: 3, 10: 4, 11: 3, 12: 2, 13: 3,
		14: 2, 15: 3, 16: 4, 17: 3, 18: 4, 19: 2, 20: 2, 21: 1, 22: 2, 23: 2, 24: 3, 25: 4}
	num, measures, completed, long := 0, 0, 0, 0
	for i, f := range d.Findings {
		eq("finding number", f.Number, i+1)
		eq("finding numbered", f.Numbered, i < 2 || i >= 10)
		if i < len(wantPerFinding) && len(f.Problems) != wantPerFinding[i] {
			t.Errorf("finding %d: %d problems, want %d", i+1, len(f.Problems), wantPerFinding[i])
		}
		for _, p := range f.Problems {
			num++
			eq("problem number", p.Number, num)
			measures += len(p.Measures)
			if len(p.Measures) != wantMeasures[p.Number] {
				t.Errorf("problem %d: %d measures, want %d", p.Number, len(p.Measures), wantMeasures[p.Number])
			}
			switch {
			case wantLong[p.Number]:
				long++
				if p.Status != rectify.StatusLongTerm || p.StatusClass != "I" {
					t.Errorf("problem %d: status %s class %q, want long_term I", p.Number, p.Status, p.StatusClass)
				}
			default:
				completed++
				if p.Status != rectify.StatusCompleted {
					t.Errorf("problem %d: status %s, want completed", p.Number, p.Status)
				}
			}
		}
	}
	eq("problems", num, 25)
	eq("measures", measures, 74)
	eq("completed", completed, 18)
	eq("long term", long, 7)

	p4 := d.Findings[1].Problems[1]
	eq("problem 4 groups", p4.Measures[0].Group != "" && p4.Measures[0].Group == p4.Measures[1].Group &&
		p4.Measures[2].Group != p4.Measures[0].Group && p4.Measures[2].Group == p4.Measures[3].Group, true)
	p8 := d.Findings[2].Problems[3]
	eq("problem 8 number", p8.Number, 8)
	eq("problem 8 description", p8.Description, "")
	p21 := d.Findings[8].Problems[0]
	eq("problem 21 measure group", p21.Measures[0].Group, "")
	if m := p21.Measures[0].Text; m == "" || strings.ContainsRune(m, '①') {
		t.Errorf("problem 21 measure = %q", m)
	}

	// Only the findings without a number are odd to the reader.
	var codes []string
	for _, w := range d.Warnings {
		codes = append(codes, w.Code)
	}
	if got := strings.Join(codes, ","); got != strings.TrimSuffix(strings.Repeat("missing-number,", 8), ",") {
		t.Errorf("warnings = %s", got)
	}
}

// TestSeedCheckScript runs the shared checking script on the JSON of the
// seed, as `rectify parse` prints it.
func TestSeedCheckScript(t *testing.T) {
	d := parseOK(t, readSeed(t))
	script := filepath.Join(seedDir, "..", "tools", "check_seed.py")
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(script); err != nil {
		t.Skip("no check_seed.py")
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("check_seed.py: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("seed structure exact")) {
		t.Errorf("check_seed.py said: %s", out)
	}
}

// outline writes what a notice says, without line numbers, to compare the
// same notice read from different formats.
func outline(d *Document) string {
	var b strings.Builder
	w := func(parts ...any) {
		for i, p := range parts {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(strings.TrimSpace(toString(p)))
		}
		b.WriteByte('\n')
	}
	w("issuer", d.Issuer, d.Title, d.Date)
	in := d.Inspection
	w("inspection", in.Team, in.Kind, in.Start, in.End, in.Feedback, in.Deployer, in.UnitName)
	w("opening", d.Opening)
	for _, p := range d.Work {
		w("work", p)
	}
	s := d.Summary
	w("summary", s.AsOf, s.Total, s.Completed, s.LongTerm, s.LongTermClass, ptr(s.MostlyCompleted), ptr(s.InProgress), ptr(s.NotCompleted), ptr(s.NotStarted), ptr(s.Submitted))
	for _, f := range d.Findings {
		w("finding", f.Number, f.Numbered, f.Title)
		for _, p := range f.Problems {
			w(" problem", p.Number, p.Title, p.Description, p.Status, p.StatusClass, p.StatusText)
			for _, m := range p.Measures {
				w("  measure", m.Group, m.Text)
			}
		}
	}
	for _, p := range d.NextSteps {
		w("next", p)
	}
	w("contact", d.Contact.Phone, d.Contact.Address, d.Contact.Email)
	for _, x := range d.Warnings {
		w("warning", x.Code)
	}
	return b.String()
}

func ptr(p *int) string {
	if p == nil {
		return "-"
	}
	return itoa(*p)
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		if x < 0 {
			return "-" + itoa(-x)
		}
		return itoa(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case rectify.Date:
		return x.String()
	case rectify.Status:
		return string(x)
	case rectify.InspectionKind:
		return string(x)
	}
	return "?"
}

// diffOutlines reports the first line where two outlines differ.
func diffOutlines(t *testing.T, name, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s: outline line %d\n got: %s\nwant: %s", name, i+1, gl, wl)
			return
		}
	}
}

// TestParseSeedFormats reads the seed converted to other encodings, line
// ends, a saved web page and a Word document, and expects the same notice.
func TestParseSeedFormats(t *testing.T) {
	seed := readSeed(t)
	want := outline(parseOK(t, seed))
	lines := strings.Split(strings.TrimRight(string(seed), "\n"), "\n")
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(seed)
	if err != nil {
		t.Fatal(err)
	}
	page := sitePage(lines, "utf-8")
	gbkPage, err := simplifiedchinese.GBK.NewEncoder().String(sitePage(lines, "gb2312"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"GB18030", gbk},
		{"BOM and CRLF", append([]byte("\xEF\xBB\xBF"), strings.ReplaceAll(string(seed), "\n", "\r\n")...)},
		{"CR", []byte(strings.ReplaceAll(string(seed), "\n", "\r"))},
		{"UTF-16LE with BOM", utf16LE(string(seed))},
		{"web page", []byte(page)},
		{"GBK web page with meta charset", []byte(gbkPage)},
		{"docx", buildDocx(t, docxParagraphsOf(lines))},
		{"docx with automatic numbering", buildDocx(t, autoNumbered(lines))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := parseOK(t, tc.data)
			diffOutlines(t, tc.name, outline(d), want)
		})
	}
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}
