package quantity

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// corpusCase is a sentence of testdata/corpus.txt and what it holds.
type corpusCase struct {
	line int
	text string
	want []rectify.Quantity
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusCase
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		text, spec, ok := strings.Cut(s, "=>")
		if !ok {
			t.Fatalf("corpus.txt:%d: no =>", line)
		}
		c := corpusCase{line: line, text: strings.TrimSpace(text)}
		for _, item := range strings.Split(spec, ";") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			f := strings.Split(item, "/")
			if len(f) < 4 {
				t.Fatalf("corpus.txt:%d: %q is not kind/meaning/value/unit", line, item)
			}
			v, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				t.Fatalf("corpus.txt:%d: %v", line, err)
			}
			q := rectify.Quantity{Kind: rectify.QuantityKind(f[0]), Meaning: f[1], Value: v, Unit: f[3]}
			if !q.Kind.Valid() {
				t.Fatalf("corpus.txt:%d: kind %q", line, f[0])
			}
			for _, flag := range f[4:] {
				switch flag {
				case "~":
					q.Approx = true
				case "part":
					q.Part = true
				default:
					t.Fatalf("corpus.txt:%d: flag %q", line, flag)
				}
			}
			c.want = append(c.want, q)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameQuantity compares what a reader of the figure cares for: kind,
// value, unit, the flags and the meaning — for a count, that its meaning
// holds the words expected.
func sameQuantity(got, want rectify.Quantity) bool {
	if got.Kind != want.Kind || math.Abs(got.Value-want.Value) > 0.005 || got.Approx != want.Approx || got.Part != want.Part {
		return false
	}
	unit := got.Unit
	if want.Kind == rectify.QuantityCount {
		if unit != want.Unit || !strings.Contains(got.Meaning, want.Meaning) {
			return false
		}
		return true
	}
	return unit == want.Unit && got.Meaning == want.Meaning
}

func describe(qs []rectify.Quantity) string {
	var parts []string
	for _, q := range qs {
		s := fmt.Sprintf("%s/%s/%s/%s", q.Kind, q.Meaning, rectify.FormatQuantityValue(q.Value), q.Unit)
		if q.Approx {
			s += "/~"
		}
		if q.Part {
			s += "/part"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// TestCorpus reads every sentence of the corpus and scores the sentences
// whose quantities all come out right; it fails under 95 %.
func TestCorpus(t *testing.T) {
	cases := readCorpus(t)
	if len(cases) < 100 {
		t.Fatalf("the corpus holds %d sentences, want at least 100", len(cases))
	}
	right, figures, figuresRight := 0, 0, 0
	for _, c := range cases {
		got := Extract(c.text)
		ok := len(got) == len(c.want)
		for i := range c.want {
			figures++
			if i < len(got) && sameQuantity(got[i], c.want[i]) {
				figuresRight++
			} else {
				ok = false
			}
		}
		if ok {
			right++
			continue
		}
		t.Logf("corpus.txt:%d: %s\n\tgot  %s\n\twant %s", c.line, c.text, describe(got), describe(c.want))
	}
	rate := float64(right) / float64(len(cases))
	fmt.Printf("quantity corpus: %d of %d sentences right (%.1f %%), %d of %d figures\n",
		right, len(cases), rate*100, figuresRight, figures)
	if rate < 0.95 {
		t.Errorf("%d of %d sentences right (%.1f %%), want at least 95 %%", right, len(cases), rate*100)
	}
}
