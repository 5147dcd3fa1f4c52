package similar

import (
	"math/bits"
	"slices"
)

// Prepare returns the signature of a text, and false when the text is too
// short once normalised (fewer than MinRunes characters) to be compared.
func Prepare(text string) (Signature, bool) {
	var p Preparer
	return p.Prepare(text)
}

// PrepareShingles is Prepare that also returns the text's shingles, for
// comparing it with another text exactly (Containment, Jaccard).
func PrepareShingles(text string) ([]uint64, Signature, bool) {
	var p Preparer
	list, sig, ok := p.PrepareList(text)
	return Distinct(list), sig, ok
}

// PrepareList is Prepare that also returns the text's shingles in the
// order they come, repeats kept: Distinct makes them the set that
// Containment, Jaccard and Common compare, a Filter says cheaply how many
// of them another set may hold.
func PrepareList(text string) ([]uint64, Signature, bool) {
	var p Preparer
	return p.PrepareList(text)
}

// Preparer prepares texts as Prepare and PrepareList do, keeping its
// memory from one text to the next, so that a stream of texts is signed
// without allocating for each: one per goroutine. Its zero value is ready.
type Preparer struct {
	folded, norm []rune
	list         []uint64
}

// Prepare is Prepare in p's memory.
func (p *Preparer) Prepare(text string) (Signature, bool) {
	_, sig, ok := p.PrepareList(text)
	return sig, ok
}

// PrepareList is PrepareList in p's memory: the shingles are good until
// the next call.
func (p *Preparer) PrepareList(text string) ([]uint64, Signature, bool) {
	norm := p.normalize(text)
	if len(norm) < MinRunes {
		return nil, Signature{}, false
	}
	p.list = appendShingles(p.list[:0], norm)
	sig, ok := Sign(p.list)
	return p.list, sig, ok
}

// AppendShingles appends the distinct shingles of text normalised,
// sorted, to dst[:0] and returns the result: dst's memory is reused.
func (p *Preparer) AppendShingles(dst []uint64, text string) []uint64 {
	return Distinct(appendShingles(dst[:0], p.normalize(text)))
}

// Distinct returns the distinct shingles of list, sorted: list sorted in
// place and compacted.
func Distinct(list []uint64) []uint64 {
	slices.Sort(list)
	return slices.Compact(list)
}

// Filter is a summary of a shingle set in 1,024 bits that tells for sure
// that a shingle is not in the set (a Bloom filter of one hash).
type Filter [16]uint64

// filterBit returns the bit of a shingle in a Filter.
func filterBit(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 54 }

// NewFilter returns the filter of a shingle set.
func NewFilter(set []uint64) Filter {
	var f Filter
	for _, k := range set {
		b := filterBit(k)
		f[b/64] |= 1 << (b % 64)
	}
	return f
}

// Hits returns how many shingles of list may be in the filter's set:
// never fewer than are.
func (f *Filter) Hits(list []uint64) int {
	n := 0
	for _, k := range list {
		b := filterBit(k)
		n += int(f[b/64] >> (b % 64) & 1)
	}
	return n
}

// Index holds the signatures of the texts added, each known by its item
// number, the order it was added in (0, 1, …). It keeps nothing of the
// texts themselves: SignatureLen×2 bytes per text.
type Index struct {
	sigs []packed
}

// packed is a signature as four values to a word, compared a word at a
// time.
type packed [SignatureLen / 4]uint64

func pack(sig *Signature) packed {
	var p packed
	for i := range p {
		p[i] = uint64(sig[4*i]) | uint64(sig[4*i+1])<<16 | uint64(sig[4*i+2])<<32 | uint64(sig[4*i+3])<<48
	}
	return p
}

// agree returns how many of the values of p and q are equal.
func (p *packed) agree(q *packed) int {
	const low, high = 0x7fff7fff7fff7fff, 0x8000800080008000
	n := 0
	for i := range p {
		w := p[i] ^ q[i]
		// The high bit of each 16-bit lane of w that is zero.
		z := ^((w&low + low) | w | low) & high
		n += bits.OnesCount64(z)
	}
	return n
}

// value returns the k-th value of p.
func (p *packed) value(k int) uint16 { return uint16(p[k/4] >> (16 * (k % 4))) }

// Add puts a signature in the index and returns its item number.
func (x *Index) Add(sig Signature) int {
	if len(x.sigs) == cap(x.sigs) {
		// Doubled, where append grows a large slice by a quarter: a
		// million signatures are copied twice, not five times.
		x.sigs = slices.Grow(x.sigs, max(1024, len(x.sigs)))
	}
	x.sigs = append(x.sigs, pack(&sig))
	return len(x.sigs) - 1
}

// Len returns the number of items added.
func (x *Index) Len() int { return len(x.sigs) }

// Estimate returns the estimated Jaccard similarity of items i and j.
func (x *Index) Estimate(i, j int) float64 {
	return float64(x.sigs[i].agree(&x.sigs[j])) / SignatureLen
}

// Cluster is a group of items linked by similarities at or above the
// minimum: each item is like at least one other item of the group.
type Cluster struct {
	Items []int   // in the order they were added
	Score float64 // the mean estimated similarity of the links that made it
}

// maxItems is the most items an index can cluster: the item number shares
// a 64-bit sort key with the hash of a band.
const maxItems = 1 << itemBits

const itemBits = 28

// rows returns the number of signature values per band for a minimum
// similarity: from 0.7 up, pairs at the minimum become candidates in 96
// to 98 cases of 100 (0.85: 8 bands of 6 values; 0.8: 9 of 5; 0.7: 12 of
// 4), below in fewer (0.5: 16 of 3, 88; lower: 24 of 2), while pairs well
// under it seldom do: at the default minimum a pair at 0.5 shares a band
// in 12 cases of 100 where 12 bands of 4 gave 54, and every candidate
// costs a comparison of signatures.
func rows(least float64) int {
	switch {
	case least >= 0.85:
		return 6
	case least >= 0.8:
		return 5
	case least >= 0.7:
		return 4
	case least >= 0.5:
		return 3
	default:
		return 2
	}
}

// Clusters returns the groups of items whose estimated similarity is at
// least least, linked only where keep(i, j) says the pair counts (nil keeps
// every pair): the largest group first. Candidate pairs come from the
// bands of the signatures (locality-sensitive hashing), so the work grows
// with the number of items and of near pairs, not with the square of the
// items. An index of more than 2^28 items is clustered by its first 2^28.
func (x *Index) Clusters(least float64, keep func(i, j int) bool) []Cluster {
	n := min(len(x.sigs), maxItems)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// The links that made each group, by its root.
	linkSum := make([]float64, n)
	linkCount := make([]int32, n)
	try := func(i, j int32) {
		ri, rj := find(i), find(j)
		if ri == rj {
			return
		}
		est := float64(x.sigs[i].agree(&x.sigs[j])) / SignatureLen
		if est < least || keep != nil && !keep(int(i), int(j)) {
			return
		}
		if ri > rj {
			ri, rj = rj, ri
		}
		parent[rj] = ri
		linkSum[ri] += est + linkSum[rj]
		linkCount[ri] += 1 + linkCount[rj]
	}
	r := rows(least)
	keys := make([]uint64, n)
	tmp := make([]uint64, n)
	for band := 0; band+r <= SignatureLen; band += r {
		for i := range n {
			// The band's values, four to a word, each word mixed in.
			k := uint64(band)
			for v := band; v < band+r; v += 4 {
				var w uint64
				for u := v; u < min(v+4, band+r); u++ {
					w = w<<16 | uint64(x.sigs[i].value(u))
				}
				k ^= w
				k = splitmix(&k)
			}
			keys[i] = k>>itemBits<<itemBits | uint64(i)
		}
		radixSort(keys, tmp)
		const itemMask = maxItems - 1
		for s := 0; s < n; {
			e := s + 1
			for e < n && keys[e]>>itemBits == keys[s]>>itemBits {
				e++
			}
			first := int32(keys[s] & itemMask)
			for k := s + 1; k < e; k++ {
				it := int32(keys[k] & itemMask)
				try(first, it)
				if k > s+1 {
					try(int32(keys[k-1]&itemMask), it)
				}
			}
			s = e
		}
	}
	groups := map[int32][]int{}
	for i := range n {
		if root := find(int32(i)); linkCount[root] > 0 {
			groups[root] = append(groups[root], i)
		}
	}
	out := make([]Cluster, 0, len(groups))
	for root, items := range groups {
		out = append(out, Cluster{Items: items, Score: linkSum[root] / float64(linkCount[root])})
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		if len(a.Items) != len(b.Items) {
			return len(b.Items) - len(a.Items)
		}
		return a.Items[0] - b.Items[0]
	})
	return out
}

// radixBits is the width of the digit radixSort sorts by in one pass.
const radixBits = 12

// radixSort sorts keys by their bits above itemBits, keeping the order of
// keys whose bits there are equal; tmp is as long as keys.
func radixSort(keys, tmp []uint64) {
	var count [1 << radixBits]int
	src, dst := keys, tmp
	passes := 0
	for shift := itemBits; shift < 64; shift += radixBits {
		clear(count[:])
		for _, k := range src {
			count[k>>shift&(1<<radixBits-1)]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, k := range src {
			d := k >> shift & (1<<radixBits - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
		passes++
	}
	if passes%2 == 1 {
		copy(keys, src)
	}
}
