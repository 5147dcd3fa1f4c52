package similar

import (
	"bufio"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpus reads testdata/corpus.txt: the texts, and for each its group.
func corpus(t testing.TB) (texts []string, group []int) {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := 0
	prevBlank := true
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case line == "":
			prevBlank = true
			continue
		}
		if prevBlank {
			g++
			prevBlank = false
		}
		texts = append(texts, line)
		group = append(group, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return texts, group
}

// pairScores returns the precision and recall of clusters over the pairs
// of items: a pair found is right when both are of one group.
func pairScores(clusters []Cluster, group []int) (precision, recall float64) {
	found, right := 0, 0
	for _, c := range clusters {
		for a := range c.Items {
			for b := a + 1; b < len(c.Items); b++ {
				found++
				if group[c.Items[a]] == group[c.Items[b]] {
					right++
				}
			}
		}
	}
	size := map[int]int{}
	for _, g := range group {
		size[g]++
	}
	want := 0
	for _, n := range size {
		want += n * (n - 1) / 2
	}
	if found == 0 {
		return 1, float64(right) / float64(want)
	}
	return float64(right) / float64(found), float64(right) / float64(want)
}

// TestCorpus clusters the corpus's texts and holds the precision and
// recall over its pairs at the default minimum to 0.9.
func TestCorpus(t *testing.T) {
	texts, group := corpus(t)
	for _, least := range []float64{0.6, 0.7, 0.8, DefaultMin, 0.9} {
		var x Index // item i is text i
		for i, s := range texts {
			sig, ok := Prepare(s)
			if !ok {
				t.Fatalf("text %d is too short: %q", i, s)
			}
			x.Add(sig)
		}
		cs := x.Clusters(least, nil)
		p, r := pairScores(cs, group)
		t.Logf("min %.2f: %d clusters, pair precision %.3f, recall %.3f", least, len(cs), p, r)
		if least == DefaultMin && (p < 0.9 || r < 0.9) {
			t.Errorf("at the default minimum %.2f: precision %.3f, recall %.3f; want both ≥ 0.9", least, p, r)
		}
	}
	if testing.Verbose() {
		// The exact similarities of copies and of others, to tune by.
		for i := range texts {
			for j := i + 1; j < len(texts); j++ {
				jac := Jaccard(Shingles(Normalize(texts[i])), Shingles(Normalize(texts[j])))
				if (group[i] == group[j]) != (jac >= DefaultMin) {
					t.Logf("same=%v J=%.2f\n  %s\n  %s", group[i] == group[j], jac, texts[i], texts[j])
				}
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"punctuation and spaces", "建立 台账，明确（责任人）。", "建立台账明确责任人"},
		{"numbers", "更换护栏42米、追回3.5万元", "更换护栏#米追回#元"},
		{"dates and ordinals stay", "2024年6月底前完成第4条", "2024年6月底前完成第4条"},
		{"function words", "建立台账和制度的问题", "建立台账制度问题"},
		{"chinese numbers before measure words", "约谈三人次，新建七座，二〇二三年", "约谈#人次新建#座#年"},
		{"one alone is a word", "统一标准", "统一标准"},
		{"stock words", "进一步认真落实", "落实"},
		{"full width and case", "ＡＢＣ１２３", "abc#"},
		{"traditional", "整改進展", "整改进展"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMarks(t *testing.T) {
	for _, tc := range []struct{ name, a, b, want string }{
		{"shared middle", "甲乙丙丁戊己庚", "丙丁戊", "甲乙[丙丁戊]己庚"},
		{"punctuation inside a shared run", "建立台账，明确责任", "建立台账明确责任", "[建立台账，明确责任]"},
		{"nothing shared", "建立台账", "明确责任", "建立台账"},
		{"folded", "整改進展情況", "整改进展", "[整改進展]情況"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, s := range Marks(tc.a, tc.b) {
				if s.Shared {
					b.WriteString("[" + s.Text + "]")
				} else {
					b.WriteString(s.Text)
				}
			}
			if got := b.String(); got != tc.want {
				t.Errorf("Marks = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestEstimate(t *testing.T) {
	texts, _ := corpus(t)
	worst := 0.0
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			a, b := Shingles(Normalize(texts[i])), Shingles(Normalize(texts[j]))
			sa, _ := Sign(a)
			sb, _ := Sign(b)
			worst = max(worst, abs(sa.Estimate(&sb)-Jaccard(a, b)))
		}
	}
	t.Logf("largest error of an estimate over %d pairs: %.3f", len(texts)*(len(texts)-1)/2, worst)
	if worst > 0.3 {
		t.Errorf("an estimate is off by %.3f", worst)
	}
}

// TestPacked holds the packed comparison of signatures to the plain one.
func TestPacked(t *testing.T) {
	texts, _ := corpus(t)
	for i := 0; i+1 < len(texts); i++ {
		a, _ := Prepare(texts[i])
		b, _ := Prepare(texts[i+1])
		b[i%SignatureLen] = a[i%SignatureLen] // at least one equal
		pa, pb := pack(&a), pack(&b)
		if got, want := float64(pa.agree(&pb))/SignatureLen, a.Estimate(&b); got != want {
			t.Errorf("texts %d and %d: packed %v, plain %v", i, i+1, got, want)
		}
		for k := range SignatureLen {
			if pa.value(k) != a[k] {
				t.Fatalf("value %d of text %d: %d, want %d", k, i, pa.value(k), a[k])
			}
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "一", "进一步认真", "42.5万元", "ＡＢＣ", "整改進展", "\xff\xfe", "1,000,000人次"} {
		f.Add(s, "建立台账明确责任")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		n := Normalize(a)
		if !utf8.ValidString(n) && utf8.ValidString(a) {
			t.Fatalf("Normalize(%q) = %q is not UTF-8", a, n)
		}
		if strings.ContainsAny(n, " ，。,.") {
			t.Fatalf("Normalize(%q) = %q keeps punctuation or spaces", a, n)
		}
		sh := Shingles(n)
		for i := 1; i < len(sh); i++ {
			if sh[i-1] >= sh[i] {
				t.Fatalf("Shingles(%q) not sorted and distinct", n)
			}
		}
		if j := Jaccard(sh, sh); len(sh) > 0 && j != 1 {
			t.Fatalf("Jaccard of %q with itself = %v", n, j)
		}
		if sig, ok := Sign(sh); ok && sig.Estimate(&sig) != 1 {
			t.Fatalf("estimate of %q with itself is not 1", n)
		}
		var joined strings.Builder
		for _, s := range Marks(a, b) {
			joined.WriteString(s.Text)
		}
		if utf8.ValidString(a) && joined.String() != a {
			t.Fatalf("Marks(%q) joined = %q", a, joined.String())
		}
	})
}

// TestFilter holds a filter's hits to what it summarises: never fewer than
// the shingles the sets share, and the signature of a text's shingles in
// order the same as of its set.
func TestFilter(t *testing.T) {
	texts, _ := corpus(t)
	for i := 0; i+1 < len(texts); i++ {
		list, sig, ok := PrepareList(texts[i])
		if !ok {
			continue
		}
		other := Shingles(Normalize(texts[i+1]))
		f := NewFilter(other)
		hits := f.Hits(list)
		set := Distinct(slices.Clone(list))
		if common := Common(set, other); hits < common {
			t.Errorf("texts %d and %d: %d hits, %d shingles shared", i, i+1, hits, common)
		}
		if self := NewFilter(set); self.Hits(list) != len(list) {
			t.Errorf("text %d: %d of its %d shingles hit its own filter", i, self.Hits(list), len(list))
		}
		if fromSet, _ := Sign(set); fromSet != sig {
			t.Errorf("text %d: signed differently as a list and as a set", i)
		}
		if !slices.Equal(set, Shingles(Normalize(texts[i]))) {
			t.Errorf("text %d: Distinct of its list is not its set", i)
		}
	}
}

// TestRadixSort holds the sort of the bands' keys to the standard one: by
// the bits above the item number, items in order among equal bits.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 100, 5000} {
		keys := make([]uint64, n)
		for i := range keys {
			h := r.Uint64N(uint64(1+n/3)) * 0x9e3779b97f4a7c15 // repeats, spread over the high bits
			keys[i] = h>>itemBits<<itemBits | uint64(i)
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		radixSort(keys, make([]uint64, n))
		if !slices.Equal(keys, want) {
			t.Errorf("%d keys sorted differently", n)
		}
	}
}

// TestClustersBands holds the candidates to the bands: at 0.8 (bands of
// five values) two signatures that differ in one value of every band are
// never compared, however much else they share, and one band in common
// makes them candidates.
func TestClustersBands(t *testing.T) {
	var base Signature
	for i := range base {
		base[i] = uint16(1000 + i)
	}
	for _, tc := range []struct {
		name   string
		differ []int // positions where the second signature differs
		want   int   // clusters
	}{
		{"one value of every band", []int{0, 5, 10, 15, 20, 25, 30, 35, 40}, 0},
		{"the first band shared", []int{5, 10, 15, 20, 25, 30, 35, 40}, 1},
		{"the last value of every band", []int{4, 9, 14, 19, 24, 29, 34, 39, 44}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := base
			for _, k := range tc.differ {
				other[k] = 7
			}
			var x Index
			x.Add(base)
			x.Add(other)
			if got := x.Clusters(0.8, nil); len(got) != tc.want {
				t.Errorf("%d clusters, want %d", len(got), tc.want)
			}
		})
	}
}
