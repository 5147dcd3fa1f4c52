package office

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"

	rectify "github.com/rectify-dev/rectify"
)

// Font is one face that a PDF can embed: TrueType outlines (a 'glyf'
// table: a .ttf, or one face of a .ttc collection), embedded as FontFile2,
// or PostScript outlines in a CFF table (an .otf, or one face of a .ttc
// such as Noto CJK), embedded as FontFile3. Either way only the glyphs a
// document draws keep their outlines. It is read-only once loaded and safe
// for concurrent use.
type Font struct {
	Name   string // family name, Chinese where the font gives one
	Path   string // the file it came from, "" when read from bytes
	data   []byte // the whole file (a collection's faces share it)
	tables map[string]tableRecord
	cmap   map[rune]uint16
	// metrics
	unitsPerEm      int
	numGlyphs       int
	longLoca        bool
	advances        []uint16 // by glyph, in font units
	ascent, descent int      // font units
	bbox            [4]int16
	familyNames     []string
	cff             *cffFace // PostScript outlines; nil for TrueType
}

type tableRecord struct {
	offset, length uint32
}

// Errors of font loading, in Chinese for the user.
const (
	errFontNotSFNT = "不是 TrueType/OpenType 字体文件"
	errFontNoCJK   = "不含中文字形"
	errFontBroken  = "已损坏，无法读取"
	errFontNoGlyf  = "既没有 TrueType 字形（glyf）也没有 CFF 字形表"
)

// fontError returns the EINVALID error for a font file.
func fontError(name, why string) error {
	if name == "" {
		name = "字体"
	} else {
		name = "字体文件 " + name + " "
	}
	return rectify.Errorf(rectify.EINVALID, "%s%s", name, why)
}

// LoadFont reads an OpenType font file (.ttf, .otf, or a .ttc collection,
// of which it takes the face for simplified Chinese, else the first face
// with Chinese glyphs), with TrueType or CFF outlines. It returns an
// EINVALID error when the file cannot be read, is no font, is broken or
// has no Chinese glyphs.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, rectify.Errorf(rectify.EINVALID, "字体文件 %s 不存在", path)
		case errors.Is(err, os.ErrPermission):
			return nil, rectify.Errorf(rectify.EINVALID, "字体文件 %s 没有读取权限", path)
		}
		return nil, fmt.Errorf("font: %w", err)
	}
	f, err := parseFontFile(data, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	f.Path = path
	return f, nil
}

// ParseFont reads a font from its bytes, as LoadFont.
func ParseFont(data []byte) (*Font, error) {
	return parseFontFile(data, "")
}

// parseFontFile picks the face of a file: a .ttf's only face, or the best
// face of a collection.
func parseFontFile(data []byte, name string) (*Font, error) {
	if len(data) < 12 {
		return nil, fontError(name, errFontNotSFNT)
	}
	if string(data[:4]) != "ttcf" {
		f, err := parseFace(data, 0)
		if err != nil {
			return nil, fontError(name, err.Error())
		}
		if !f.hasCJK() {
			return nil, fontError(name, errFontNoCJK)
		}
		if err := f.loadCFF(); err != nil {
			return nil, fontError(name, err.Error())
		}
		return f, nil
	}
	n := int(binary.BigEndian.Uint32(data[8:12]))
	if n <= 0 || n > 256 || 12+4*n > len(data) {
		return nil, fontError(name, errFontBroken)
	}
	var faces []*Font
	var firstErr error
	for i := range n {
		off := binary.BigEndian.Uint32(data[12+4*i:])
		f, err := parseFace(data, int(off))
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if f.hasCJK() {
			faces = append(faces, f)
		}
	}
	if len(faces) == 0 {
		if firstErr != nil {
			return nil, fontError(name, firstErr.Error())
		}
		return nil, fontError(name, errFontNoCJK)
	}
	// A face named for simplified Chinese (…CN, …SC, …GB) first.
	sort.SliceStable(faces, func(i, j int) bool { return faces[i].simplified() && !faces[j].simplified() })
	if err := faces[0].loadCFF(); err != nil {
		return nil, fontError(name, err.Error())
	}
	return faces[0], nil
}

// loadCFF reads the CFF table of a face with PostScript outlines; it is
// read for the chosen face only, as the faces of a collection share it.
func (f *Font) loadCFF() error {
	b := f.table("CFF ")
	if b == nil {
		return nil
	}
	c, err := parseCFF(b, f.numGlyphs)
	if err != nil {
		return err
	}
	f.cff = c
	return nil
}

// code returns the character code of glyph g in the PDF: its CID in a
// CID-keyed CFF face, else the glyph id.
func (f *Font) code(g uint16) uint16 {
	if f.cff != nil && f.cff.cidKeyed && int(g) < len(f.cff.gidToCID) {
		return f.cff.gidToCID[g]
	}
	return g
}

// simplified reports whether the face is named for simplified Chinese.
func (f *Font) simplified() bool {
	for _, n := range f.familyNames {
		u := strings.ToUpper(n)
		for _, s := range []string{" CN", " SC", " GB", "简"} {
			if strings.HasSuffix(u, s) || strings.Contains(u, s+" ") {
				return true
			}
		}
	}
	return false
}

// hasCJK reports whether the face draws common Chinese characters and digits.
func (f *Font) hasCJK() bool {
	for _, r := range "中国通报整改0123456789" {
		if f.cmap[r] == 0 {
			return false
		}
	}
	return true
}

// glyph returns the glyph of r, 0 (.notdef) when the face has none.
func (f *Font) glyph(r rune) uint16 { return f.cmap[r] }

// has reports whether the face draws r.
func (f *Font) has(r rune) bool { return f.cmap[r] != 0 }

// advance returns the advance width of glyph g in 1/1000 of the type size.
func (f *Font) advance(g uint16) float64 {
	if len(f.advances) == 0 {
		return 1000
	}
	a := f.advances[len(f.advances)-1]
	if int(g) < len(f.advances) {
		a = f.advances[g]
	}
	return float64(a) * 1000 / float64(f.unitsPerEm)
}

// table returns the bytes of table tag, or nil.
func (f *Font) table(tag string) []byte {
	t, ok := f.tables[tag]
	if !ok {
		return nil
	}
	end := uint64(t.offset) + uint64(t.length)
	if end > uint64(len(f.data)) {
		return nil
	}
	return f.data[t.offset:end]
}

// parseFace reads the face whose table directory starts at off.
func parseFace(data []byte, off int) (*Font, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New(errFontBroken)
	}
	switch tag := string(data[off : off+4]); tag {
	case "\x00\x01\x00\x00", "true", "OTTO":
	default:
		return nil, errors.New(errFontNotSFNT)
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if off+12+16*n > len(data) {
		return nil, errors.New(errFontBroken)
	}
	f := &Font{data: data, tables: map[string]tableRecord{}}
	for i := range n {
		rec := data[off+12+16*i:]
		tag := string(rec[:4])
		t := tableRecord{binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])}
		if uint64(t.offset)+uint64(t.length) > uint64(len(data)) {
			return nil, errors.New(errFontBroken)
		}
		f.tables[tag] = t
	}
	outlines := []string{"loca", "glyf"}
	if _, ok := f.tables["CFF "]; ok {
		outlines = []string{"CFF "}
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "cmap"} {
		if _, ok := f.tables[tag]; !ok {
			return nil, errors.New(errFontBroken)
		}
	}
	for _, tag := range outlines {
		if _, ok := f.tables[tag]; !ok {
			return nil, errors.New(errFontNoGlyf)
		}
	}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	f.cmap = parseCmap(f.table("cmap"), f.numGlyphs)
	f.familyNames = parseNames(f.table("name"))
	if len(f.familyNames) > 0 {
		f.Name = f.familyNames[0]
		for _, n := range f.familyNames {
			if hasHan(n) {
				f.Name = n
				break
			}
		}
	}
	return f, nil
}

func (f *Font) parseMetrics() error {
	head, hhea, maxp := f.table("head"), f.table("hhea"), f.table("maxp")
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return errors.New(errFontBroken)
	}
	f.unitsPerEm = int(binary.BigEndian.Uint16(head[18:]))
	if f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return errors.New(errFontBroken)
	}
	for i := range 4 {
		f.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	f.longLoca = binary.BigEndian.Uint16(head[50:]) == 1
	f.ascent = int(int16(binary.BigEndian.Uint16(hhea[4:])))
	f.descent = int(int16(binary.BigEndian.Uint16(hhea[6:])))
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	f.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	hmtx := f.table("hmtx")
	if nh == 0 || nh > f.numGlyphs || len(hmtx) < 4*nh {
		return errors.New(errFontBroken)
	}
	f.advances = make([]uint16, nh)
	for i := range nh {
		f.advances[i] = binary.BigEndian.Uint16(hmtx[4*i:])
	}
	return nil
}

// parseCmap reads the best Unicode subtable: format 12 (all planes), else
// format 4 (the BMP). Glyphs out of range are left out.
func parseCmap(b []byte, numGlyphs int) map[rune]uint16 {
	out := map[rune]uint16{}
	if len(b) < 4 {
		return out
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	var best4, best12 int = -1, -1
	for i := range n {
		rec := 4 + 8*i
		if rec+8 > len(b) {
			break
		}
		pid, eid := binary.BigEndian.Uint16(b[rec:]), binary.BigEndian.Uint16(b[rec+2:])
		off := int(binary.BigEndian.Uint32(b[rec+4:]))
		if off+4 > len(b) {
			continue
		}
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode {
			continue
		}
		switch binary.BigEndian.Uint16(b[off:]) {
		case 4:
			if best4 < 0 {
				best4 = off
			}
		case 12:
			if best12 < 0 {
				best12 = off
			}
		}
	}
	budget := maxCmapEntries
	switch {
	case best12 >= 0:
		cmap12(b[best12:], numGlyphs, out, &budget)
	case best4 >= 0:
		cmap4(b[best4:], numGlyphs, out, &budget)
	}
	return out
}

// maxCmapEntries bounds the characters read of a cmap: a real face maps
// well under 100,000; a broken one must not keep the reader busy.
const maxCmapEntries = 1 << 20

func cmap4(b []byte, numGlyphs int, out map[rune]uint16, budget *int) {
	if len(b) < 14 {
		return
	}
	segX2 := int(binary.BigEndian.Uint16(b[6:]))
	segs := segX2 / 2
	ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
	if ranges+segX2 > len(b) {
		return
	}
	for i := range segs {
		end := int(binary.BigEndian.Uint16(b[ends+2*i:]))
		start := int(binary.BigEndian.Uint16(b[starts+2*i:]))
		delta := int(binary.BigEndian.Uint16(b[deltas+2*i:]))
		ro := int(binary.BigEndian.Uint16(b[ranges+2*i:]))
		if start > end || start == 0xFFFF {
			continue
		}
		for c := start; c <= end; c++ {
			if *budget--; *budget < 0 {
				return
			}
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				at := ranges + 2*i + ro + 2*(c-start)
				if at+2 > len(b) {
					break
				}
				g = int(binary.BigEndian.Uint16(b[at:]))
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 && g < numGlyphs {
				out[rune(c)] = uint16(g)
			}
		}
	}
}

func cmap12(b []byte, numGlyphs int, out map[rune]uint16, budget *int) {
	if len(b) < 16 {
		return
	}
	n := int(binary.BigEndian.Uint32(b[12:]))
	for i := range n {
		at := 16 + 12*i
		if at+12 > len(b) {
			return
		}
		start := binary.BigEndian.Uint32(b[at:])
		end := binary.BigEndian.Uint32(b[at+4:])
		g := binary.BigEndian.Uint32(b[at+8:])
		if end < start || end > 0x10FFFF || end-start > 0x10000 {
			continue
		}
		for c := start; c <= end; c++ {
			if *budget--; *budget < 0 {
				return
			}
			if gid := g + (c - start); gid != 0 && gid < uint32(numGlyphs) {
				out[rune(c)] = uint16(gid)
			}
		}
	}
}

// parseNames returns the family names of the face (name IDs 16 and 1),
// Chinese ones first.
func parseNames(b []byte) []string {
	if len(b) < 6 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	strOff := int(binary.BigEndian.Uint16(b[4:]))
	var zh, other []string
	seen := map[string]bool{}
	for i := range n {
		rec := 6 + 12*i
		if rec+12 > len(b) {
			break
		}
		pid := binary.BigEndian.Uint16(b[rec:])
		lang := binary.BigEndian.Uint16(b[rec+4:])
		id := binary.BigEndian.Uint16(b[rec+6:])
		length := int(binary.BigEndian.Uint16(b[rec+8:]))
		off := strOff + int(binary.BigEndian.Uint16(b[rec+10:]))
		if (id != 1 && id != 16) || off+length > len(b) {
			continue
		}
		raw := b[off : off+length]
		var s string
		switch pid {
		case 0, 3:
			u := make([]uint16, len(raw)/2)
			for k := range u {
				u[k] = binary.BigEndian.Uint16(raw[2*k:])
			}
			s = string(utf16.Decode(u))
		case 1:
			if lang != 0 {
				continue
			}
			s = string(bytes.ToValidUTF8(raw, nil))
		default:
			continue
		}
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if hasHan(s) {
			zh = append(zh, s)
		} else {
			other = append(other, s)
		}
	}
	return append(zh, other...)
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

// subset returns a TrueType font file holding only the glyphs in used (and
// the glyphs their composites draw from, and .notdef), glyph ids unchanged:
// the other glyphs are empty. It keeps the tables a PDF viewer needs of an
// embedded face (FontFile2).
func (f *Font) subset(used map[uint16]bool) ([]byte, error) {
	loca, glyf := f.table("loca"), f.table("glyf")
	offsetOf := func(g int) (int, int, bool) {
		if f.longLoca {
			if 4*g+8 > len(loca) {
				return 0, 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:])), true
		}
		if 2*g+4 > len(loca) {
			return 0, 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:])), 2 * int(binary.BigEndian.Uint16(loca[2*g+2:])), true
	}
	keep := map[uint16]bool{0: true}
	queue := []uint16{0}
	for g := range used {
		if !keep[g] {
			keep[g] = true
			queue = append(queue, g)
		}
	}
	// Composite glyphs draw other glyphs: keep those too.
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		start, end, ok := offsetOf(int(g))
		if !ok || start >= end || end > len(glyf) || end-start < 10 {
			continue
		}
		for _, c := range compositeParts(glyf[start:end]) {
			if int(c) < f.numGlyphs && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}
	var newGlyf bytes.Buffer
	newLoca := make([]byte, 4*(f.numGlyphs+1))
	for g := range f.numGlyphs {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(newGlyf.Len()))
		if !keep[uint16(g)] {
			continue
		}
		start, end, ok := offsetOf(g)
		if !ok || start > end || end > len(glyf) {
			return nil, rectify.Errorf(rectify.EINVALID, "字体的字形表已损坏")
		}
		newGlyf.Write(glyf[start:end])
		for newGlyf.Len()%4 != 0 {
			newGlyf.WriteByte(0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*f.numGlyphs:], uint32(newGlyf.Len()))

	head := append([]byte(nil), f.table("head")...)
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	tables := map[string][]byte{"head": head, "loca": newLoca, "glyf": newGlyf.Bytes(), "cmap": emptyCmap}
	for _, tag := range []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep"} {
		if b := f.table(tag); b != nil {
			tables[tag] = b
		}
	}
	return writeSFNT(tables), nil
}

// emptyCmap is a cmap that maps no character: the PDF addresses glyphs by
// id (CIDToGIDMap /Identity), but strict readers want the table present.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length, language
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2, searchRange, entrySelector, rangeShift
	0xFF, 0xFF, 0, 0, // endCode, reservedPad
	0xFF, 0xFF, 0, 1, 0, 0, // startCode, idDelta, idRangeOffset
}

// compositeParts returns the glyphs a composite glyph draws from.
func compositeParts(g []byte) []uint16 {
	if int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil // a simple glyph
	}
	var out []uint16
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		moreParts    = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	at := 10
	for at+4 <= len(g) {
		flags := binary.BigEndian.Uint16(g[at:])
		out = append(out, binary.BigEndian.Uint16(g[at+2:]))
		at += 4
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&have2x2 != 0:
			at += 8
		}
		if flags&moreParts == 0 {
			break
		}
	}
	return out
}

// writeSFNT writes a TrueType file of tables, with their checksums and the
// head table's checkSumAdjustment.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := (1 << entrySelector) * 16
	var out bytes.Buffer
	hdr := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(hdr, 0x00010000)
	binary.BigEndian.PutUint16(hdr[4:], uint16(n))
	binary.BigEndian.PutUint16(hdr[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(hdr[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(hdr[10:], uint16(n*16-searchRange))
	offset := len(hdr)
	headAt := -1
	for i, tag := range tags {
		b := tables[tag]
		rec := hdr[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(offset))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		if tag == "head" {
			headAt = offset
		}
		offset += (len(b) + 3) &^ 3
	}
	out.Write(hdr)
	for _, tag := range tags {
		b := tables[tag]
		out.Write(b)
		for range ((len(b) + 3) &^ 3) - len(b) {
			out.WriteByte(0)
		}
	}
	file := out.Bytes()
	if headAt >= 0 && headAt+12 <= len(file) {
		binary.BigEndian.PutUint32(file[headAt+8:], 0xB1B0AFBA-checksum(file))
	}
	return file
}

// checksum is the TrueType table checksum: the sum of its big-endian
// 32-bit words, the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
