package similar

import (
	"unicode"

	"github.com/rectify-dev/rectify/internal/textfold"
)

// Segment is a piece of a text, marked Shared when the other text of a
// pair says it too.
type Segment struct {
	Text   string `json:"text"`
	Shared bool   `json:"shared,omitempty"`
}

// Marks returns a cut into segments, those it shares with b marked: every
// character of a run of markLen letters or digits (punctuation and
// spaces skipped, characters folded) that b has too, and the punctuation
// between two marked characters. Read at most MaxRunes characters of
// each; the rest of a is one unmarked segment.
func Marks(a, b string) []Segment {
	bk := map[uint64]bool{}
	_, bw := words(b)
	for i := 0; i+markLen <= len(bw); i++ {
		bk[key(bw[i:i+markLen])] = true
	}
	apos, aw := words(a)
	ar := []rune(a)
	ar = ar[:min(len(ar), MaxRunes)]
	marked := make([]bool, len(ar))
	for i := 0; i+markLen <= len(aw); i++ {
		if bk[key(aw[i:i+markLen])] {
			for _, p := range apos[i : i+markLen] {
				marked[p] = true
			}
		}
	}
	// Punctuation between marked characters is marked too.
	for i := 0; i < len(ar); i++ {
		if marked[i] || !isSkipped(ar[i]) {
			continue
		}
		j := i
		for j < len(ar) && isSkipped(ar[j]) {
			j++
		}
		if i > 0 && marked[i-1] && j < len(ar) && marked[j] {
			for k := i; k < j; k++ {
				marked[k] = true
			}
		}
		i = j - 1
	}
	var out []Segment
	for i := 0; i < len(ar); {
		j := i + 1
		for j < len(ar) && marked[j] == marked[i] {
			j++
		}
		out = append(out, Segment{Text: string(ar[i:j]), Shared: marked[i]})
		i = j
	}
	if rest := []rune(a); len(rest) > MaxRunes {
		out = append(out, Segment{Text: string(rest[MaxRunes:])})
	}
	return out
}

// markLen is the shortest run of characters marked as shared: three, so
// that a common word of two (整改, 落实) alone is not marked.
const markLen = 3

func isSkipped(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// words returns the folded letters and digits of s (its first MaxRunes
// characters) and the position in s of each.
func words(s string) (pos []int, w []rune) {
	i := 0
	for _, r := range s {
		if i == MaxRunes {
			break
		}
		if !isSkipped(r) {
			f := []rune(textfold.Fold(string(r)))
			if len(f) == 1 {
				r = f[0]
			}
			pos = append(pos, i)
			w = append(w, unicode.ToLower(r))
		}
		i++
	}
	return pos, w
}

func key(rs []rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r&0x1fffff)
	}
	return k
}
