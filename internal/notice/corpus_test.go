package notice

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The corpus (testdata/corpus/) holds notices written for the project in
// the layouts and vocabularies of real published ones, each with the facts
// a reader must find in a .json beside it. TestCorpus checks every fact,
// prints the score per kind and fails below the bars. The format of the
// .json files is documented in testdata/corpus/README.md.

// corpusExpect is the content of one .json of the corpus.
type corpusExpect struct {
	About string `json:"about"`
	// Input names the document when it is not the .json's name with another
	// extension; Generator names a function of corpusGenerators that makes
	// it (a scan rasterised from a PDF, say).
	Input     string `json:"input"`
	Generator string `json:"generator"`
	// NotNotice: Parse must refuse the input (exit 2 of rectify parse).
	NotNotice bool              `json:"not_notice"`
	Header    map[string]string `json:"header"`
	Summary   []map[string]any  `json:"summary_lines"`
	// Problems lists every problem of the notice, in order; nil means the
	// notice lists none (so any problem read is a false one).
	Problems []corpusProblem `json:"problems"`
	// Work: paragraphs of the organisation text that must be kept there
	// (each a prefix of one paragraph of Document.Work).
	Work []string `json:"work"`
	// Missing: the codes Coverage.Missing must hold.
	Missing []string `json:"missing"`
	// CountsOnly: the expected Coverage.CountsOnly, when given.
	CountsOnly *bool `json:"counts_only"`
	// MinProblemScore is a bar of this notice alone (0.9 for a scan).
	MinProblemScore float64 `json:"min_problem_score"`
}

type corpusProblem struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`  // a prefix of the title read
	Status      string `json:"status"` // rectify.Status, "" for none
	StatusClass string `json:"status_class"`
	Measures    *int   `json:"measures"`
}

// corpusGenerators make inputs that are not stored (scans made at test
// time). A generator returns the input, or a reason to skip the case.
var corpusGenerators = map[string]func(t *testing.T, dir string, exp corpusExpect) ([]byte, string){}

// tally counts facts right out of facts checked.
type tally struct{ right, all int }

func (t *tally) add(ok bool) {
	t.all++
	if ok {
		t.right++
	}
}

func (t tally) score() float64 {
	if t.all == 0 {
		return 1
	}
	return float64(t.right) / float64(t.all)
}

func (t tally) String() string {
	return fmt.Sprintf("%d/%d (%.1f%%)", t.right, t.all, 100*t.score())
}

// corpusScore is the score of one notice or of the whole corpus.
type corpusScore struct {
	summary, header, problems, statuses, other tally
	misses                                     []string
}

func (s *corpusScore) miss(format string, args ...any) {
	s.misses = append(s.misses, fmt.Sprintf(format, args...))
}

func (s *corpusScore) addAll(o corpusScore) {
	for _, p := range [][2]*tally{{&s.summary, &o.summary}, {&s.header, &o.header}, {&s.problems, &o.problems},
		{&s.statuses, &o.statuses}, {&s.other, &o.other}} {
		p[0].right += p[1].right
		p[0].all += p[1].all
	}
}

// corpusCases lists the cases of the corpus: every .json with its input.
func corpusCases(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".json") {
			out = append(out, strings.TrimSuffix(e.Name(), ".json"))
		}
	}
	sort.Strings(out)
	return out
}

// corpusInput finds the document of case name: Input, or the one file
// named name.* other than the .json.
func corpusInput(t *testing.T, dir, name string, exp corpusExpect) string {
	if exp.Input != "" {
		return filepath.Join(dir, exp.Input)
	}
	ms, _ := filepath.Glob(filepath.Join(dir, name+".*"))
	var docs []string
	for _, m := range ms {
		if !strings.HasSuffix(m, ".json") {
			docs = append(docs, m)
		}
	}
	if len(docs) != 1 {
		t.Fatalf("%s: want exactly one document beside the .json, found %v", name, docs)
	}
	return docs[0]
}

func TestCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	names := corpusCases(t, dir)
	if len(names) < 26 {
		t.Errorf("the corpus has %d notices, want at least 26", len(names))
	}
	var total corpusScore
	for _, name := range names {
		raw, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var exp corpusExpect
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&exp); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		var data []byte
		if exp.Generator != "" {
			gen := corpusGenerators[exp.Generator]
			if gen == nil {
				t.Fatalf("%s: no generator %q", name, exp.Generator)
			}
			var skip string
			data, skip = gen(t, dir, exp)
			if skip != "" {
				t.Logf("%-40s skipped: %s", name, skip)
				continue
			}
		} else {
			data, err = os.ReadFile(corpusInput(t, dir, name, exp))
			if err != nil {
				t.Fatal(err)
			}
		}
		doc, perr := Parse(data)
		var sc corpusScore
		switch {
		case exp.NotNotice:
			sc.other.add(perr != nil)
			if perr == nil {
				sc.miss("read as a notice, want refused")
			}
		case perr != nil:
			sc.other.add(false)
			sc.miss("refused: %v", perr)
			scoreCorpus(&sc, &Document{}, exp)
		default:
			sc.other.add(true)
			scoreCorpus(&sc, doc, exp)
		}
		t.Logf("%-40s summary %s  header %s  problems %s  statuses %s  other %s",
			name, sc.summary, sc.header, sc.problems, sc.statuses, sc.other)
		for _, m := range sc.misses {
			t.Logf("    %s", m)
		}
		if exp.MinProblemScore > 0 && sc.problems.score() < exp.MinProblemScore {
			t.Errorf("%s: problems %s, below %.0f%%", name, sc.problems, 100*exp.MinProblemScore)
		}
		total.addAll(sc)
	}
	t.Logf("CORPUS %d notices: summary lines %s, header facts %s, problems %s, statuses %s, other %s",
		len(names), total.summary, total.header, total.problems, total.statuses, total.other)
	if total.summary.right != total.summary.all {
		t.Errorf("summary lines %s: every line's counts must be right", total.summary)
	}
	for _, c := range []struct {
		name string
		t    tally
	}{{"header facts", total.header}, {"problems", total.problems}, {"statuses", total.statuses}, {"other facts", total.other}} {
		if c.t.score() < 0.95 {
			t.Errorf("%s %s, below 95%%", c.name, c.t)
		}
	}
}

// scoreCorpus checks the facts of exp against doc.
func scoreCorpus(sc *corpusScore, doc *Document, exp corpusExpect) {
	keys := make([]string, 0, len(exp.Header))
	for k := range exp.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want := exp.Header[k]
		got := headerFact(doc, k)
		sc.header.add(got == want)
		if got != want {
			sc.miss("header %s: got %q, want %q", k, got, want)
		}
	}
	// Summary lines: in order, every count given must be right; a line
	// read that is not expected is wrong too.
	n := max(len(exp.Summary), len(doc.SummaryLines))
	for i := range n {
		if i >= len(exp.Summary) {
			sc.summary.add(false)
			sc.miss("summary line %d not expected: %q", i+1, clip(doc.SummaryLines[i].Text))
			continue
		}
		if i >= len(doc.SummaryLines) {
			sc.summary.add(false)
			sc.miss("summary line %d missing: %v", i+1, exp.Summary[i])
			continue
		}
		got := summaryFacts(doc.SummaryLines[i])
		ok := true
		for k, want := range exp.Summary[i] {
			g, has := got[k]
			if !has || fmt.Sprint(g) != fmt.Sprint(want) {
				ok = false
				sc.miss("summary line %d %s: got %v, want %v", i+1, k, g, want)
			}
		}
		// Counts read that the .json does not give are wrong too.
		for k, g := range got {
			if _, has := exp.Summary[i][k]; !has && !slices.Contains([]string{"text", "line", "as_of", "rate_text", "long_term_class"}, k) {
				ok = false
				sc.miss("summary line %d %s: got %v, not expected", i+1, k, g)
			}
		}
		sc.summary.add(ok)
	}
	// Problems in order; extra ones count against.
	var probs []Problem
	for _, f := range doc.Findings {
		probs = append(probs, f.Problems...)
	}
	for i := range max(len(exp.Problems), len(probs)) {
		if i >= len(exp.Problems) {
			sc.problems.add(false)
			sc.miss("problem %d not expected: %d %q", i+1, probs[i].Number, clip(probs[i].Title))
			continue
		}
		w := exp.Problems[i]
		if i >= len(probs) {
			sc.problems.add(false)
			sc.statuses.add(false)
			sc.miss("problem %d missing: %d %q", i+1, w.Number, w.Title)
			continue
		}
		g := probs[i]
		ok := g.Number == w.Number && strings.HasPrefix(g.Title, w.Title) && (w.Measures == nil || *w.Measures == len(g.Measures))
		sc.problems.add(ok)
		if !ok {
			sc.miss("problem %d: got %d %q (%d measures), want %d %q (%v measures)", i+1, g.Number, clip(g.Title), len(g.Measures), w.Number, w.Title, ptrString(w.Measures))
		}
		sok := string(g.Status) == w.Status && g.StatusClass == w.StatusClass
		sc.statuses.add(sok)
		if !sok {
			sc.miss("problem %d status: got %q/%q (%q), want %q/%q", i+1, g.Status, g.StatusClass, g.StatusText, w.Status, w.StatusClass)
		}
	}
	for _, w := range exp.Work {
		ok := slices.ContainsFunc(doc.Work, func(p string) bool { return strings.HasPrefix(p, w) })
		sc.other.add(ok)
		if !ok {
			sc.miss("organisation text without %q", w)
		}
	}
	for _, code := range exp.Missing {
		ok := slices.ContainsFunc(doc.Coverage.Missing, func(g Gap) bool { return g.Code == code })
		sc.other.add(ok)
		if !ok {
			sc.miss("coverage does not say %s: %v", code, doc.Coverage.Missing)
		}
	}
	if exp.CountsOnly != nil {
		ok := doc.Coverage.CountsOnly == *exp.CountsOnly
		sc.other.add(ok)
		if !ok {
			sc.miss("coverage counts_only %v, want %v", doc.Coverage.CountsOnly, *exp.CountsOnly)
		}
	}
}

func ptrString(p *int) string {
	if p == nil {
		return "any"
	}
	return fmt.Sprint(*p)
}

// headerFact returns the fact named k of doc as a string, as the .json
// writes it.
func headerFact(doc *Document, k string) string {
	in := doc.Inspection
	switch k {
	case "issuer":
		return doc.Issuer
	case "title":
		return doc.Title
	case "date":
		return doc.Date.String()
	case "date_source":
		return doc.DateSource
	case "issuer_source":
		return doc.IssuerSource
	case "inferred":
		return strings.Join(doc.Inferred, ",")
	case "team":
		return in.Team
	case "kind":
		return string(in.Kind)
	case "source":
		return string(in.Source)
	case "start":
		return in.Start.String()
	case "end":
		return in.End.String()
	case "feedback":
		return in.Feedback.String()
	case "period_precision":
		return in.PeriodPrecision
	case "feedback_precision":
		return in.FeedbackPrecision
	case "unit_name":
		return in.UnitName
	case "deployer":
		return in.Deployer
	case "phone":
		return doc.Contact.Phone
	case "email":
		return doc.Contact.Email
	case "address":
		return doc.Contact.Address
	case "findings":
		return fmt.Sprint(len(doc.Findings))
	}
	return "unknown header fact " + k
}

// summaryFacts returns the fields of a summary line as its JSON has them.
func summaryFacts(l SummaryLine) map[string]any {
	raw, _ := json.Marshal(l)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	for k, v := range m {
		if f, ok := v.(float64); ok && f == math.Trunc(f) {
			m[k] = int(f)
		}
	}
	return m
}
