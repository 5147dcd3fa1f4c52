package similar

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

// appendShingles appends the shingles of rs to out in order, repeats
// kept: what a signature needs (the least hash of a repeat is the same),
// without the sort. A text shorter than a shingle is one shingle.
func appendShingles(out []uint64, rs []rune) []uint64 {
	if len(rs) < ShingleLen {
		if len(rs) == 0 {
			return out
		}
		var k uint64
		for _, r := range rs {
			k = k<<21 | uint64(r&0x1fffff)
		}
		return append(out, k)
	}
	for i := 0; i+ShingleLen <= len(rs); i++ {
		var k uint64
		for _, r := range rs[i : i+ShingleLen] {
			k = k<<21 | uint64(r&0x1fffff)
		}
		out = append(out, k)
	}
	return out
}

func shingles(rs []rune) []uint64 { return Distinct(appendShingles(nil, rs)) }

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

// Signature is the MinHash summary of a shingle set: one value per bin.
// Two signatures agree at a position with the probability that is the
// Jaccard similarity of their sets.
//
// It is a one-permutation MinHash: each shingle is hashed once, the hash
// choosing its bin (one of SignatureLen) and giving its value, and a bin
// keeps the smallest value of the shingles that fall in it — a text is
// signed in one pass over its shingles instead of SignatureLen. A bin no
// shingle fell in takes the value of another bin, chosen by a sequence of
// bins fixed for each bin and the same for every text (optimal
// densification, Shrivastava 2017), so that the agreement of two
// signatures at a position still estimates the similarity of their sets.
type Signature [SignatureLen]uint16

// donorTries is how many bins of its fixed sequence an empty bin tries
// before it takes the next filled bin after it.
const donorTries = 64

// donors are, for each bin, the bins an empty bin takes its value from,
// tried in order until one has a shingle; fixed so that signatures are the
// same on every run.
var donors = func() (d [SignatureLen][donorTries]uint8) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range d {
		for k := range d[i] {
			d[i][k] = uint8(splitmix(&x) % SignatureLen)
		}
	}
	return d
}()

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Sign returns the signature of a shingle set (repeats and order do not
// matter); ok is false for an empty set.
func Sign(shingles []uint64) (sig Signature, ok bool) {
	if len(shingles) == 0 {
		return sig, false
	}
	var filled uint64 // the bins a shingle fell in
	for _, k := range shingles {
		x := k
		h := splitmix(&x)
		bin := uint64(uint32(h)) * SignatureLen >> 32
		v := uint16(h >> 48)
		if filled&(1<<bin) == 0 || v < sig[bin] {
			sig[bin] = v
			filled |= 1 << bin
		}
	}
	const all = 1<<SignatureLen - 1
	if filled == all {
		return sig, true
	}
	for i := range sig {
		if filled&(1<<i) != 0 {
			continue
		}
		j := -1
		for _, d := range donors[i] {
			if filled&(1<<d) != 0 {
				j = int(d)
				break
			}
		}
		for k := 1; j < 0; k++ {
			if d := (i + k) % SignatureLen; filled&(1<<d) != 0 {
				j = d
			}
		}
		sig[i] = sig[j]
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
