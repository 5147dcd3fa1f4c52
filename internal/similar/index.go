package similar

import (
	"math/bits"
	"slices"
)

// Prepare returns the signature of a text, and false when the text is too
// short once normalised (fewer than MinRunes characters) to be compared.
func Prepare(text string) (Signature, bool) {
	norm := normalize(text)
	if len(norm) < MinRunes {
		return Signature{}, false
	}
	return Sign(shingleList(norm))
}

// PrepareShingles is Prepare that also returns the text's shingles, for
// comparing it with another text exactly (Containment, Jaccard).
func PrepareShingles(text string) ([]uint64, Signature, bool) {
	norm := normalize(text)
	if len(norm) < MinRunes {
		return nil, Signature{}, false
	}
	sh := shingles(norm)
	sig, ok := Sign(sh)
	return sh, sig, ok
}

// PrepareList is Prepare that also returns the text's shingles in the
// order they come, repeats kept: Distinct makes them the set that
// Containment, Jaccard and Common compare, a Filter says cheaply how many
// of them another set may hold.
func PrepareList(text string) ([]uint64, Signature, bool) {
	norm := normalize(text)
	if len(norm) < MinRunes {
		return nil, Signature{}, false
	}
	list := shingleList(norm)
	sig, ok := Sign(list)
	return list, sig, ok
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
// similarity: pairs at the minimum become candidates in at least 97 cases
// of 100 (0.8: 12 bands of 4 values; 0.6: 16 of 3; lower: 24 of 2).
func rows(least float64) int {
	switch {
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
	type link struct {
		sum   float64
		count int
	}
	links := map[int32]*link{}
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
		l := links[ri]
		if l == nil {
			l = &link{}
			links[ri] = l
		}
		l.sum += est
		l.count++
		if o := links[rj]; o != nil {
			l.sum += o.sum
			l.count += o.count
			delete(links, rj)
		}
	}
	r := rows(least)
	keys := make([]uint64, n)
	for band := 0; band+r <= SignatureLen; band += r {
		for i := range n {
			var k uint64 = uint64(band)
			for v := band; v < band+r; v++ {
				k = k<<16 | uint64(x.sigs[i].value(v))
			}
			x := k
			keys[i] = splitmix(&x)>>itemBits<<itemBits | uint64(i)
		}
		slices.Sort(keys)
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
		if root := find(int32(i)); links[root] != nil {
			groups[root] = append(groups[root], i)
		}
	}
	out := make([]Cluster, 0, len(groups))
	for root, items := range groups {
		l := links[root]
		out = append(out, Cluster{Items: items, Score: l.sum / float64(l.count)})
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		if len(a.Items) != len(b.Items) {
			return len(b.Items) - len(a.Items)
		}
		return a.Items[0] - b.Items[0]
	})
	return out
}
