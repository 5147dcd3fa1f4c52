package office

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// The Compact Font Format (Adobe Technical Note #5176) of OpenType faces
// with PostScript outlines: Noto CJK, Source Han and most .otf faces. A PDF
// embeds such a face as FontFile3 /CIDFontType0C. A subset keeps the
// face's structures (header, names, Top DICT, strings, the Font DICTs and
// Private DICTs used) and only the glyphs the document draws, with a
// charset that maps them to their CIDs as before, and only the subroutines
// they call, renumbered (the numbers in the charstrings rewritten). Where
// renumbering is not certain to be right, the subroutines keep their
// numbers and the unused ones are emptied (return). The seed's notice in
// three Noto faces: 0.43 MB with subroutines kept whole, 0.26 MB with them
// renumbered.

// cffFace is a parsed CFF table: where its parts are within the table.
type cffFace struct {
	data      []byte
	hdrSize   int
	name      cffIndex // Name INDEX
	topDict   []cffEntry
	strings   cffIndex // String INDEX
	gsubrs    cffIndex // Global Subr INDEX
	chars     cffIndex // CharStrings INDEX
	cidKeyed  bool
	charset   []byte // the charset's bytes, nil for a predefined one
	gidToCID  []uint16
	fdSelect  []byte // the FDSelect's bytes (CID-keyed only)
	fdOfGlyph []uint8
	fonts     []cffPrivate // one per Font DICT of the FDArray; one for a name-keyed face
	fdDicts   [][]cffEntry // the Font DICTs of the FDArray (CID-keyed only)
}

// cffPrivate is a Private DICT and its local subroutines.
type cffPrivate struct {
	dict  []cffEntry
	subrs cffIndex
}

// cffIndex is an INDEX: count items, item i at data[off[i]:off[i+1]].
type cffIndex struct {
	start int   // where the INDEX begins (its count)
	off   []int // absolute offsets into the table, count+1 of them
	end   int   // where the INDEX ends
}

func (x cffIndex) count() int { return max(0, len(x.off)-1) }

func (x cffIndex) item(data []byte, i int) []byte { return data[x.off[i]:x.off[i+1]] }

// cffEntry is one operator of a DICT with its operands, kept as bytes.
type cffEntry struct {
	op   int // 0–21, or 1200+n for the escaped operator 12 n
	raw  []byte
	args []float64
}

// CFF operators this file reads.
const (
	opCharset     = 15
	opEncoding    = 16
	opCharStrings = 17
	opPrivate     = 18
	opSubrs       = 19
	opROS         = 1230
	opFDArray     = 1236
	opFDSelect    = 1237
)

var errCFF = errors.New(errFontBroken)

// maxCFFGlyphs bounds the glyphs of a face (a glyph id is 16 bits).
const maxCFFGlyphs = 65535

// parseCFF reads the CFF table of a face with numGlyphs glyphs.
func parseCFF(data []byte, numGlyphs int) (*cffFace, error) {
	if len(data) < 4 || data[0] != 1 {
		return nil, errCFF
	}
	c := &cffFace{data: data, hdrSize: int(data[2])}
	if c.hdrSize < 4 || c.hdrSize > len(data) {
		return nil, errCFF
	}
	var err error
	if c.name, err = readIndex(data, c.hdrSize); err != nil {
		return nil, err
	}
	top, err := readIndex(data, c.name.end)
	if err != nil || top.count() < 1 {
		return nil, errCFF
	}
	if c.topDict, err = readDict(top.item(data, 0)); err != nil {
		return nil, err
	}
	if c.strings, err = readIndex(data, top.end); err != nil {
		return nil, err
	}
	if c.gsubrs, err = readIndex(data, c.strings.end); err != nil {
		return nil, err
	}
	get := func(d []cffEntry, op int) []float64 {
		for _, e := range d {
			if e.op == op {
				return e.args
			}
		}
		return nil
	}
	offset := func(v float64) (int, bool) {
		if v < 0 || v > float64(len(data)) || v != math.Trunc(v) {
			return 0, false
		}
		return int(v), true
	}
	if cs := get(c.topDict, opCharStrings); len(cs) == 1 {
		at, ok := offset(cs[0])
		if !ok {
			return nil, errCFF
		}
		if c.chars, err = readIndex(data, at); err != nil {
			return nil, err
		}
	} else {
		return nil, errCFF
	}
	n := c.chars.count()
	if n < 1 || n > maxCFFGlyphs || (numGlyphs > 0 && n != numGlyphs) {
		return nil, errCFF
	}
	if t := get(c.topDict, 1206); len(t) == 1 && t[0] != 2 {
		return nil, errCFF // charstrings of Type 1 are not read here
	}
	c.cidKeyed = get(c.topDict, opROS) != nil
	// The charset: glyph → SID or CID.
	c.gidToCID = make([]uint16, n)
	if cs := get(c.topDict, opCharset); len(cs) == 1 && cs[0] > 2 {
		at, ok := offset(cs[0])
		if !ok {
			return nil, errCFF
		}
		size, err := readCharset(data[at:], c.gidToCID)
		if err != nil {
			return nil, err
		}
		c.charset = data[at : at+size]
	} else if c.cidKeyed {
		return nil, errCFF // a CID-keyed face has a charset of its own
	} else {
		for g := range c.gidToCID {
			c.gidToCID[g] = uint16(g)
		}
	}
	readPrivate := func(d []cffEntry) (cffPrivate, error) {
		p := get(d, opPrivate)
		if len(p) != 2 {
			return cffPrivate{}, errCFF
		}
		size, ok1 := offset(p[0])
		at, ok2 := offset(p[1])
		if !ok1 || !ok2 || at+size > len(data) {
			return cffPrivate{}, errCFF
		}
		dict, err := readDict(data[at : at+size])
		if err != nil {
			return cffPrivate{}, err
		}
		pr := cffPrivate{dict: dict}
		if s := get(dict, opSubrs); len(s) == 1 {
			sub, ok := offset(float64(at) + s[0])
			if !ok {
				return cffPrivate{}, errCFF
			}
			if pr.subrs, err = readIndex(data, sub); err != nil {
				return cffPrivate{}, err
			}
		}
		return pr, nil
	}
	if !c.cidKeyed {
		pr, err := readPrivate(c.topDict)
		if err != nil {
			return nil, err
		}
		c.fonts = []cffPrivate{pr}
		c.fdOfGlyph = make([]uint8, n)
		return c, nil
	}
	fa, fs := get(c.topDict, opFDArray), get(c.topDict, opFDSelect)
	if len(fa) != 1 || len(fs) != 1 {
		return nil, errCFF
	}
	at, ok := offset(fa[0])
	if !ok {
		return nil, errCFF
	}
	fdArray, err := readIndex(data, at)
	if err != nil || fdArray.count() < 1 || fdArray.count() > 255 {
		return nil, errCFF
	}
	for i := range fdArray.count() {
		d, err := readDict(fdArray.item(data, i))
		if err != nil {
			return nil, err
		}
		pr, err := readPrivate(d)
		if err != nil {
			return nil, err
		}
		c.fdDicts = append(c.fdDicts, d)
		c.fonts = append(c.fonts, pr)
	}
	if at, ok = offset(fs[0]); !ok {
		return nil, errCFF
	}
	c.fdOfGlyph = make([]uint8, n)
	size, err := readFDSelect(data[at:], c.fdOfGlyph, len(c.fonts))
	if err != nil {
		return nil, err
	}
	c.fdSelect = data[at : at+size]
	return c, nil
}

// readIndex reads the INDEX at at.
func readIndex(data []byte, at int) (cffIndex, error) {
	if at < 0 || at+2 > len(data) {
		return cffIndex{}, errCFF
	}
	count := int(binary.BigEndian.Uint16(data[at:]))
	if count == 0 {
		return cffIndex{start: at, end: at + 2}, nil
	}
	if at+3 > len(data) {
		return cffIndex{}, errCFF
	}
	offSize := int(data[at+2])
	if offSize < 1 || offSize > 4 {
		return cffIndex{}, errCFF
	}
	offs := at + 3
	base := offs + (count+1)*offSize - 1 // offsets count from 1
	if base >= len(data) {
		return cffIndex{}, errCFF
	}
	x := cffIndex{start: at, off: make([]int, count+1)}
	for i := range count + 1 {
		var v int
		for _, b := range data[offs+i*offSize : offs+(i+1)*offSize] {
			v = v<<8 | int(b)
		}
		v += base
		if v < base+1 || v > len(data) || (i > 0 && v < x.off[i-1]) {
			return cffIndex{}, errCFF
		}
		x.off[i] = v
	}
	x.end = x.off[count]
	return x, nil
}

// readDict reads a DICT's operators and operands.
func readDict(b []byte) ([]cffEntry, error) {
	var out []cffEntry
	start := 0
	var args []float64
	for i := 0; i < len(b); {
		v := b[i]
		switch {
		case v <= 21:
			op := int(v)
			i++
			if v == 12 {
				if i >= len(b) {
					return nil, errCFF
				}
				op = 1200 + int(b[i])
				i++
			}
			for _, e := range out {
				if e.op == op {
					return nil, errCFF // an operator given twice
				}
			}
			out = append(out, cffEntry{op: op, raw: b[start:i], args: args})
			args, start = nil, i
			continue
		case v == 28:
			if i+3 > len(b) {
				return nil, errCFF
			}
			args = append(args, float64(int16(binary.BigEndian.Uint16(b[i+1:]))))
			i += 3
		case v == 29:
			if i+5 > len(b) {
				return nil, errCFF
			}
			args = append(args, float64(int32(binary.BigEndian.Uint32(b[i+1:]))))
			i += 5
		case v == 30: // a real: nibbles up to 0xF; its value is not needed
			i++
			for i < len(b) && b[i]&0x0F != 0x0F && b[i]&0xF0 != 0xF0 {
				i++
			}
			if i >= len(b) {
				return nil, errCFF
			}
			i++
			args = append(args, 0.5) // not an offset
		case v >= 32 && v <= 246:
			args = append(args, float64(int(v)-139))
			i++
		case v >= 247 && v <= 250:
			if i+2 > len(b) {
				return nil, errCFF
			}
			args = append(args, float64((int(v)-247)*256+int(b[i+1])+108))
			i += 2
		case v >= 251 && v <= 254:
			if i+2 > len(b) {
				return nil, errCFF
			}
			args = append(args, float64(-(int(v)-251)*256-int(b[i+1])-108))
			i += 2
		default:
			return nil, errCFF
		}
		if len(args) > 48 {
			return nil, errCFF
		}
	}
	return out, nil
}

// readCharset reads a charset into gidToCID (glyph 0 is .notdef) and
// returns its length in bytes.
func readCharset(b []byte, gidToCID []uint16) (int, error) {
	n := len(gidToCID)
	if len(b) < 1 {
		return 0, errCFF
	}
	format := b[0]
	at := 1
	g := 1
	switch format {
	case 0:
		if 1+2*(n-1) > len(b) {
			return 0, errCFF
		}
		for ; g < n; g++ {
			gidToCID[g] = binary.BigEndian.Uint16(b[at:])
			at += 2
		}
	case 1, 2:
		wide := 1
		if format == 2 {
			wide = 2
		}
		for g < n {
			if at+2+wide > len(b) {
				return 0, errCFF
			}
			first := int(binary.BigEndian.Uint16(b[at:]))
			left := int(b[at+2])
			if wide == 2 {
				left = int(binary.BigEndian.Uint16(b[at+2:]))
			}
			at += 2 + wide
			for k := 0; k <= left && g < n; k++ {
				gidToCID[g] = uint16(first + k)
				g++
			}
		}
	default:
		return 0, errCFF
	}
	return at, nil
}

// readFDSelect reads an FDSelect into fdOf and returns its length in bytes.
func readFDSelect(b []byte, fdOf []uint8, fds int) (int, error) {
	n := len(fdOf)
	if len(b) < 1 {
		return 0, errCFF
	}
	switch b[0] {
	case 0:
		if 1+n > len(b) {
			return 0, errCFF
		}
		for g := range n {
			if int(b[1+g]) >= fds {
				return 0, errCFF
			}
			fdOf[g] = b[1+g]
		}
		return 1 + n, nil
	case 3:
		if len(b) < 3 {
			return 0, errCFF
		}
		ranges := int(binary.BigEndian.Uint16(b[1:]))
		size := 3 + 3*ranges + 2
		if ranges < 1 || size > len(b) {
			return 0, errCFF
		}
		for r := range ranges {
			at := 3 + 3*r
			first := int(binary.BigEndian.Uint16(b[at:]))
			next := int(binary.BigEndian.Uint16(b[at+3:])) // the next range's first, or the sentinel
			fd := b[at+2]
			if int(fd) >= fds || first > next || (r == 0 && first != 0) {
				return 0, errCFF
			}
			for g := first; g < next && g < n; g++ {
				fdOf[g] = fd
			}
		}
		return size, nil
	}
	return 0, errCFF
}

// subrBias is the bias of a subroutine INDEX of count subroutines.
func subrBias(count int) int {
	switch {
	case count < 1240:
		return 107
	case count < 33900:
		return 1131
	}
	return 32768
}

// charstringBudget bounds the operators the glyphs of one subset may run,
// subroutines included: a broken face must not keep the subsetter busy. A
// glyph of Noto CJK runs a few hundred.
const charstringBudget = 1 << 23

// walkGlyph walks the charstring of glyph g and marks the global and local
// subroutines it calls (local ones in the subroutines of its Font DICT),
// recording where it calls them in calls (nil: not recorded).
func (c *cffFace) walkGlyph(g int, global map[int]bool, local []map[int]bool, budget *int, calls *subrCalls) error {
	fd := int(c.fdOfGlyph[g])
	w := &t2walker{c: c, fd: fd, global: global, local: local[fd], budget: budget, calls: calls}
	_, err := w.run(c.chars.item(c.data, g), csKey{kind: 'c', idx: g}, 0)
	return err
}

// csKey names a charstring: a glyph's ('c'), a global subroutine ('g') or
// a local one of Font DICT fd ('l').
type csKey struct {
	kind byte
	fd   int
	idx  int
}

// subrCall is where a charstring names the subroutine it calls: the
// operand's bytes and the subroutine's key.
type subrCall struct {
	start, end int
	target     csKey
}

// subrCalls are the calls of every charstring walked, by charstring and
// operand position, for renumbering the subroutines a subset keeps. When a
// subroutine number is not a literal right before its call, or one
// charstring calls different subroutines from the same place (a global
// subroutine calling local ones from glyphs of different Font DICTs),
// renumbering is not safe: broken is set and the numbers are kept.
type subrCalls struct {
	at     map[csKey]map[int]subrCall
	masks  map[csKey]map[int]int // the length of each hintmask, by position
	broken bool
}

// mask records a hintmask of n bytes at position at of charstring in: a
// subroutine read with masks of another length in another glyph is read
// differently there, and its numbers cannot be found for certain.
func (sc *subrCalls) mask(in csKey, at, n int) {
	if sc.masks == nil {
		sc.masks = map[csKey]map[int]int{}
	}
	if sc.masks[in] == nil {
		sc.masks[in] = map[int]int{}
	}
	if old, ok := sc.masks[in][at]; ok && old != n {
		sc.broken = true
	}
	sc.masks[in][at] = n
}

func (sc *subrCalls) add(in csKey, call subrCall) {
	if sc.at[in] == nil {
		sc.at[in] = map[int]subrCall{}
	}
	if old, ok := sc.at[in][call.start]; ok && old != call {
		sc.broken = true
	}
	sc.at[in][call.start] = call
}

// t2walker follows a Type 2 charstring far enough to know which
// subroutines it calls: the operand stack (for the subroutine numbers) and
// the stem hints (for the length of hintmask).
type t2walker struct {
	c      *cffFace
	fd     int
	global map[int]bool
	local  map[int]bool
	stack  []float64
	stems  int
	budget *int
	calls  *subrCalls // nil: calls are not recorded
	trace  *[]string  // nil, or the charstring's operators and operands with the subroutines inlined
}

func (w *t2walker) note(s string) {
	if w.trace != nil {
		*w.trace = append(*w.trace, s)
	}
}

// run interprets b, the charstring key; it reports whether endchar was
// reached.
func (w *t2walker) run(b []byte, key csKey, depth int) (bool, error) {
	if depth > 10 {
		return false, errCFF
	}
	lastNum, lastEnd := -1, -1 // the last literal number's bytes, when it came last
	for i := 0; i < len(b); {
		if *w.budget--; *w.budget < 0 {
			return false, errCFF
		}
		v := b[i]
		n := 0 // the bytes of a literal number
		switch {
		case v == 28:
			if i+3 > len(b) {
				return false, errCFF
			}
			w.push(float64(int16(binary.BigEndian.Uint16(b[i+1:]))))
			n = 3
		case v >= 32 && v <= 246:
			w.push(float64(int(v) - 139))
			n = 1
		case v >= 247 && v <= 250:
			if i+2 > len(b) {
				return false, errCFF
			}
			w.push(float64((int(v)-247)*256 + int(b[i+1]) + 108))
			n = 2
		case v >= 251 && v <= 254:
			if i+2 > len(b) {
				return false, errCFF
			}
			w.push(float64(-(int(v)-251)*256 - int(b[i+1]) - 108))
			n = 2
		case v == 255:
			if i+5 > len(b) {
				return false, errCFF
			}
			w.push(float64(int32(binary.BigEndian.Uint32(b[i+1:]))) / 65536)
			w.note(strconv.FormatFloat(w.stack[len(w.stack)-1], 'g', -1, 64))
			i += 5
			lastNum = -1 // a fixed-point number is no subroutine number
			continue
		}
		if n > 0 {
			w.note(strconv.FormatFloat(w.stack[len(w.stack)-1], 'g', -1, 64))
			lastNum, lastEnd = i, i+n
			i += n
			continue
		}
		numStart, numEnd := lastNum, lastEnd
		lastNum = -1
		i++
		switch v {
		case 1, 3, 18, 23: // hstem, vstem, hstemhm, vstemhm
			w.note(fmt.Sprintf("op%d", v))
			w.stems += len(w.stack) / 2
			w.stack = w.stack[:0]
		case 19, 20: // hintmask, cntrmask: a vstem may precede
			w.stems += len(w.stack) / 2
			w.stack = w.stack[:0]
			m := (w.stems + 7) / 8
			if w.calls != nil {
				w.calls.mask(key, i-1, m)
			}
			w.note(fmt.Sprintf("op%d:%x", v, b[i:min(i+m, len(b))]))
			i += m
		case 10, 29: // callsubr, callgsubr
			if len(w.stack) == 0 {
				return false, errCFF
			}
			n := w.stack[len(w.stack)-1]
			w.stack = w.stack[:len(w.stack)-1]
			if w.trace != nil && len(*w.trace) > 0 {
				*w.trace = (*w.trace)[:len(*w.trace)-1] // the number, not part of the outline
			}
			subrs, seen := w.c.fonts[w.fd].subrs, w.local
			target := csKey{kind: 'l', fd: w.fd}
			if v == 29 {
				subrs, seen = w.c.gsubrs, w.global
				target = csKey{kind: 'g'}
			}
			k := int(n) + subrBias(subrs.count())
			if n != math.Trunc(n) || k < 0 || k >= subrs.count() {
				return false, errCFF
			}
			target.idx = k
			if w.calls != nil {
				if numStart < 0 {
					w.calls.broken = true
				} else {
					w.calls.add(key, subrCall{numStart, numEnd, target})
				}
			}
			seen[k] = true
			end, err := w.run(subrs.item(w.c.data, k), target, depth+1)
			if err != nil || end {
				return end, err
			}
		case 11: // return
			return false, nil
		case 14: // endchar
			w.note("op14")
			return true, nil
		case 12:
			if i >= len(b) {
				return false, errCFF
			}
			w.note(fmt.Sprintf("op12.%d", b[i]))
			i++
			w.stack = w.stack[:0]
		default:
			w.note(fmt.Sprintf("op%d", v))
			w.stack = w.stack[:0]
		}
	}
	return false, nil
}

func (w *t2walker) push(v float64) {
	if len(w.stack) < 48 {
		w.stack = append(w.stack, v)
	}
}

// subset returns a CFF table in which only the glyphs of keep (and
// .notdef) keep their outlines and only the subroutines they call keep
// theirs; subroutine numbers are unchanged. A CID-keyed face keeps only
// those glyphs, with a charset that maps them to their CIDs as before, an
// FDSelect and an FDArray of the Font DICTs they use; a name-keyed face
// keeps every glyph id, the others drawn empty (endchar).
func (c *cffFace) subset(keep map[uint16]bool) ([]byte, error) {
	n := c.chars.count()
	global := map[int]bool{}
	local := make([]map[int]bool, len(c.fonts))
	for i := range local {
		local[i] = map[int]bool{}
	}
	var glyphs []int // the glyphs of the subset, by new glyph id
	budget := charstringBudget
	calls := &subrCalls{at: map[csKey]map[int]subrCall{}}
	for g := range n {
		if g != 0 && !keep[uint16(g)] {
			if !c.cidKeyed {
				glyphs = append(glyphs, -1) // drawn empty
			}
			continue
		}
		if err := c.walkGlyph(g, global, local, &budget, calls); err != nil {
			return nil, err
		}
		glyphs = append(glyphs, g)
	}
	endchar := []byte{14}
	ret := []byte{11}
	// The subroutines kept, renumbered in their order when that is safe;
	// else every number stays and the others are empty (return).
	renumber := !calls.broken
	keptGlobal := sortedKeys(global)
	keptLocal := make([][]int, len(c.fonts))
	for fd := range c.fonts {
		keptLocal[fd] = sortedKeys(local[fd])
	}
	newIndex := map[csKey]int{}
	for i, k := range keptGlobal {
		newIndex[csKey{kind: 'g', idx: k}] = i
	}
	for fd, ks := range keptLocal {
		for i, k := range ks {
			newIndex[csKey{kind: 'l', fd: fd, idx: k}] = i
		}
	}
	bias := func(t csKey) int {
		if t.kind == 'g' {
			return subrBias(len(keptGlobal))
		}
		return subrBias(len(keptLocal[t.fd]))
	}
	rewrite := func(key csKey, b []byte) []byte {
		if !renumber || len(calls.at[key]) == 0 {
			return b
		}
		at := make([]int, 0, len(calls.at[key]))
		for start := range calls.at[key] {
			at = append(at, start)
		}
		sort.Ints(at)
		out := make([]byte, 0, len(b)+4)
		prev := 0
		for _, start := range at {
			call := calls.at[key][start]
			out = append(out, b[prev:call.start]...)
			out = appendT2Int(out, newIndex[call.target]-bias(call.target))
			prev = call.end
		}
		return append(out, b[prev:]...)
	}
	charStrings := writeIndex(len(glyphs), func(i int) []byte {
		if glyphs[i] < 0 {
			return endchar
		}
		return rewrite(csKey{kind: 'c', idx: glyphs[i]}, c.chars.item(c.data, glyphs[i]))
	})
	var gsubrs []byte
	if renumber {
		gsubrs = writeIndex(len(keptGlobal), func(i int) []byte {
			k := keptGlobal[i]
			return rewrite(csKey{kind: 'g', idx: k}, c.gsubrs.item(c.data, k))
		})
	} else {
		gsubrs = writeIndex(c.gsubrs.count(), func(i int) []byte {
			if global[i] {
				return c.gsubrs.item(c.data, i)
			}
			return ret
		})
	}
	// The Font DICTs kept, and the charset and FDSelect of the glyphs.
	fds := []int{0}
	charset := c.charset
	var fdSelect []byte
	if c.cidKeyed {
		fds = fds[:0]
		newFD := map[uint8]int{}
		for _, g := range glyphs {
			fd := c.fdOfGlyph[g]
			if _, ok := newFD[fd]; !ok {
				newFD[fd] = len(fds)
				fds = append(fds, int(fd))
			}
		}
		charset = []byte{0}
		fdSelect = []byte{0}
		for i, g := range glyphs {
			if i > 0 {
				charset = binary.BigEndian.AppendUint16(charset, c.gidToCID[g])
			}
			fdSelect = append(fdSelect, byte(newFD[c.fdOfGlyph[g]]))
		}
	}
	var privates [][]byte // each Private DICT followed by its subroutines
	var privSizes []int
	for _, k := range fds {
		pr := c.fonts[k]
		var subrs []byte
		switch {
		case renumber && len(keptLocal[k]) > 0:
			subrs = writeIndex(len(keptLocal[k]), func(i int) []byte {
				old := keptLocal[k][i]
				return rewrite(csKey{kind: 'l', fd: k, idx: old}, pr.subrs.item(c.data, old))
			})
		case !renumber && pr.subrs.count() > 0:
			subrs = writeIndex(pr.subrs.count(), func(i int) []byte {
				if local[k][i] {
					return pr.subrs.item(c.data, i)
				}
				return ret
			})
		}
		dict := writeDict(pr.dict, func(e cffEntry) []byte {
			if e.op == opSubrs {
				return nil // set below, once the dict's size is known
			}
			return e.raw
		})
		if subrs != nil {
			dict = append(dict, dictInt(len(dict)+6)...)
			dict = append(dict, opSubrs)
		}
		privSizes = append(privSizes, len(dict))
		privates = append(privates, append(dict, subrs...))
	}

	// The layout: header, Name, Top DICT, String, Global Subr INDEXes, then
	// charset, FDSelect, CharStrings, FDArray, Private DICTs with their
	// subroutines. Every offset in a DICT is written in 5 bytes, so that
	// the dicts' sizes are known before the offsets are.
	header := c.data[:c.hdrSize]
	names := c.data[c.name.start:c.name.end]
	strIdx := c.data[c.strings.start:c.strings.end]
	topOps := map[int]bool{opCharset: true, opCharStrings: true, opPrivate: true, opFDArray: true, opFDSelect: true}
	topDict := func(off map[int][]int) []byte {
		return writeDict(c.topDict, func(e cffEntry) []byte {
			if e.op == opEncoding {
				return []byte{} // dropped: a CIDFont is addressed by CID
			}
			if !topOps[e.op] || (e.op == opCharset && charset == nil) {
				return e.raw
			}
			var b []byte
			for _, v := range off[e.op] {
				b = append(b, dictInt(v)...)
			}
			return appendOp(b, e.op)
		})
	}
	placeholder := map[int][]int{opCharset: {0}, opCharStrings: {0}, opPrivate: {0, 0}, opFDArray: {0}, opFDSelect: {0}}
	topLen := len(writeIndex(1, func(int) []byte { return topDict(placeholder) }))
	at := len(header) + len(names) + topLen + len(strIdx) + len(gsubrs)
	off := map[int][]int{}
	if charset != nil {
		off[opCharset] = []int{at}
		at += len(charset)
	}
	off[opFDSelect] = []int{at}
	at += len(fdSelect)
	off[opCharStrings] = []int{at}
	at += len(charStrings)
	var fdArray []byte
	if c.cidKeyed {
		// The FDArray's size does not depend on the offsets in it.
		fdDict := func(i int, privAt int) []byte {
			return writeDict(c.fdDicts[fds[i]], func(e cffEntry) []byte {
				if e.op != opPrivate {
					return e.raw
				}
				return appendOp(append(dictInt(privSizes[i]), dictInt(privAt)...), opPrivate)
			})
		}
		fdLen := len(writeIndex(len(fds), func(i int) []byte { return fdDict(i, 0) }))
		off[opFDArray] = []int{at}
		privAt := at + fdLen
		starts := make([]int, len(privates))
		for i, p := range privates {
			starts[i] = privAt
			privAt += len(p)
		}
		fdArray = writeIndex(len(fds), func(i int) []byte { return fdDict(i, starts[i]) })
		at += len(fdArray)
	} else {
		off[opPrivate] = []int{privSizes[0], at}
	}
	var out bytes.Buffer
	out.Write(header)
	out.Write(names)
	out.Write(writeIndex(1, func(int) []byte { return topDict(off) }))
	out.Write(strIdx)
	out.Write(gsubrs)
	out.Write(charset)
	out.Write(fdSelect)
	out.Write(charStrings)
	out.Write(fdArray)
	for _, p := range privates {
		out.Write(p)
	}
	if out.Len() != at+sumLen(privates) {
		return nil, errors.New("cff: subset layout mismatch")
	}
	return out.Bytes(), nil
}

func sumLen(bs [][]byte) int {
	n := 0
	for _, b := range bs {
		n += len(b)
	}
	return n
}

// writeIndex writes an INDEX of count items.
func writeIndex(count int, item func(int) []byte) []byte {
	if count == 0 {
		return []byte{0, 0}
	}
	total := 0
	items := make([][]byte, count)
	for i := range count {
		items[i] = item(i)
		total += len(items[i])
	}
	offSize := 1
	for last := total + 1; last > 0xFF; last >>= 8 {
		offSize++
	}
	out := make([]byte, 3, 3+(count+1)*offSize+total)
	binary.BigEndian.PutUint16(out, uint16(count))
	out[2] = byte(offSize)
	pos := 1
	for i := range count + 1 {
		for s := offSize - 1; s >= 0; s-- {
			out = append(out, byte(pos>>(8*s)))
		}
		if i < count {
			pos += len(items[i])
		}
	}
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// writeDict writes the entries of d, each as entry returns it (nil drops it).
func writeDict(d []cffEntry, entry func(cffEntry) []byte) []byte {
	var out []byte
	for _, e := range d {
		out = append(out, entry(e)...)
	}
	return out
}

// dictInt encodes v in the five bytes of operand 29.
func dictInt(v int) []byte {
	b := []byte{29, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(int32(v)))
	return b
}

func appendOp(b []byte, op int) []byte {
	if op >= 1200 {
		return append(b, 12, byte(op-1200))
	}
	return append(b, byte(op))
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// appendT2Int appends v as a Type 2 charstring integer, in its shortest
// form.
func appendT2Int(b []byte, v int) []byte {
	switch {
	case v >= -107 && v <= 107:
		return append(b, byte(v+139))
	case v >= 108 && v <= 1131:
		v -= 108
		return append(b, byte(v/256+247), byte(v%256))
	case v >= -1131 && v <= -108:
		v = -v - 108
		return append(b, byte(v/256+251), byte(v%256))
	}
	return append(b, 28, byte(uint16(int16(v))>>8), byte(uint16(int16(v))))
}

// outline returns the operators and operands glyph g draws with, its
// subroutines inlined: two faces draw a glyph alike when these are equal.
func (c *cffFace) outline(g int) ([]string, error) {
	var trace []string
	budget := charstringBudget
	fd := int(c.fdOfGlyph[g])
	w := &t2walker{c: c, fd: fd, global: map[int]bool{}, local: map[int]bool{}, budget: &budget, trace: &trace}
	_, err := w.run(c.chars.item(c.data, g), csKey{kind: 'c', idx: g}, 0)
	return trace, err
}
