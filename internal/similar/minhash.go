package similar

import "slices"

// ShingleLen is the length of the character shingles texts are cut into:
// two, the length of most Chinese words. On the corpus of the tests copies
// with small edits keep a similarity of 0.76 or more while texts that only
// share a frame (召开局党组会议专题研究……问题) stay under 0.3; shingles of
// three characters keep them apart too, but lose copies faster with each
// word changed (down to 0.58).
const ShingleLen = 2

// MinRunes is the shortest normalised text that is compared: shorter ones
// (已完成, 正在整改) say too little to be called a copy.
const MinRunes = 8

// DefaultMin is the similarity (Jaccard, of normalised shingles) from
// which two texts are taken for copies. Tuned on the corpus of the tests
// (its copies with small edits are at 0.76 and up, 40 of its 44 pairs at
// 0.85 or more, and its other texts under 0.3) and on a generated record,
// where texts assembled from the same stock clauses around other names and
// dates reach 0.8 and copies planted with small edits 0.9; the estimate of
// a signature errs by up to 0.08.
const DefaultMin = 0.85

// Shingles returns the distinct shingles of a normalised text as sorted
// keys: each run of ShingleLen characters packed into one number (a
// character needs 21 bits, three would fit in 63). A text shorter than a shingle
// is one shingle.
func Shingles(norm string) []uint64 { return shingles([]rune(norm)) }

// shingleList returns the shingles of rs in order, repeats kept: what a
// signature needs (the least hash of a repeat is the same), without the
// sort.
func shingleList(rs []rune) []uint64 {
	if len(rs) < ShingleLen {
		return shingles(rs)
	}
	out := make([]uint64, 0, len(rs)-ShingleLen+1)
	for i := 0; i+ShingleLen <= len(rs); i++ {
		var k uint64
		for _, r := range rs[i : i+ShingleLen] {
			k = k<<21 | uint64(r&0x1fffff)
		}
		out = append(out, k)
	}
	return out
}

func shingles(rs []rune) []uint64 {
	if len(rs) == 0 {
		return nil
	}
	if len(rs) < ShingleLen {
		var k uint64
		for _, r := range rs {
			k = k<<21 | uint64(r&0x1fffff)
		}
		return []uint64{k}
	}
	out := make([]uint64, 0, len(rs)-ShingleLen+1)
	for i := 0; i+ShingleLen <= len(rs); i++ {
		var k uint64
		for _, r := range rs[i : i+ShingleLen] {
			k = k<<21 | uint64(r&0x1fffff)
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Jaccard returns the Jaccard similarity of two sorted shingle sets: the
// shingles they share over the shingles of either.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := intersect(a, b)
	return float64(common) / float64(len(a)+len(b)-common)
}

// Containment returns the share of a's shingles that b has too: 1 when
// every shingle of a is in b, whatever else b says.
func Containment(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(intersect(a, b)) / float64(len(a))
}

// Common returns how many shingles two sorted shingle sets share.
func Common(a, b []uint64) int { return intersect(a, b) }

func intersect(a, b []uint64) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// SignatureLen is the number of MinHash values kept per text. Each is 16
// bits (b-bit MinHash: two different shingles share a value once in 65,536
// draws, which moves an estimate by less than 0.0001), so a signature
// takes 96 bytes. With 48 values the estimate of a similarity of 0.8 has a
// standard deviation of 0.06.
const SignatureLen = 48

// Signature is the MinHash summary of a shingle set: for each of
// SignatureLen hash functions, the smallest hash of any shingle. Two
// signatures agree at a position with the probability that is the
// Jaccard similarity of their sets.
type Signature [SignatureLen]uint16

// hashA and hashB are the multipliers and offsets of the multiply-shift
// hash functions, fixed so that signatures are the same on every run.
var hashA, hashB = func() (a, b [SignatureLen]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range SignatureLen {
		a[i] = splitmix(&x) | 1
		b[i] = splitmix(&x)
	}
	return a, b
}()

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Sign returns the signature of a shingle set (repeats do not matter);
// ok is false for an empty set.
func Sign(shingles []uint64) (sig Signature, ok bool) {
	if len(shingles) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = 0xffff
	}
	for _, k := range shingles {
		x := k
		h := splitmix(&x)
		for i := range sig {
			if v := uint16((hashA[i]*h + hashB[i]) >> 48); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig, true
}

// Estimate returns the Jaccard similarity the two signatures estimate: the
// share of positions where they agree.
func (s *Signature) Estimate(o *Signature) float64 {
	n := 0
	for i := range s {
		if s[i] == o[i] {
			n++
		}
	}
	return float64(n) / SignatureLen
}
