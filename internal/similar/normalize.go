// Package similar finds texts that are copies of one another with small
// edits (照搬照抄): measures, progress reports and notice paragraphs folded
// to their words (punctuation, spaces, numbers and the stock words of
// official writing left out), cut into character shingles, summarised by
// MinHash signatures and grouped by locality-sensitive hashing, so that a
// record of millions of texts is compared in one pass over it with a few
// dozen bytes kept per text. It knows nothing of the record: the caller
// adds texts and says which pairs count.
package similar

import (
	"slices"
	"unicode"

	"github.com/rectify-dev/rectify/internal/textfold"
)

// MaxRunes is how much of a text is read: a text longer than this is
// compared by its beginning, so that one huge text costs no more than a
// long paragraph.
const MaxRunes = 4000

// numberMark stands for a number in a normalised text: 42 米 and 17 米
// read the same.
const numberMark = '#'

// boilerplate are the stock words of official writing (进一步, 认真, 切实…)
// and the function words (的, 和, 及…) that a copier adds, drops or swaps
// without changing what a text says; they are left out before texts are
// compared.
var boilerplate = []string{
	"进一步", "认真", "切实", "扎实", "坚决", "全面", "持续", "不断", "深入", "严格", "着力", "大力",
	"积极", "及时", "有效", "狠抓", "务必", "确保", "努力", "充分", "高度重视", "抓好", "做好", "抓紧",
	"坚持", "全力", "全方位", "推动", "推进", "已经", "进行", "开展",
	// Function words a copier swaps (和 for 及) or drops.
	"的", "了", "和", "及", "与", "并", "等",
}

// stockWords holds the boilerplate by first character, longest first.
var stockWords = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, w := range boilerplate {
		rs := []rune(w)
		m[rs[0]] = append(m[rs[0]], rs)
	}
	for _, ws := range m {
		slices.SortFunc(ws, func(a, b []rune) int { return len(b) - len(a) })
	}
	return m
}()

// stockFirst marks the first characters of the boilerplate, by their low
// 16 bits: most characters are looked up in stockWords only when marked.
var stockFirst = func() (m [1 << 16 / 64]uint64) {
	for r := range stockWords {
		m[uint16(r)/64] |= 1 << (uint16(r) % 64)
	}
	return m
}()

// mayStart reports whether a word of the boilerplate may start with r.
func mayStart(r rune) bool { return stockFirst[uint16(r)/64]&(1<<(uint16(r)%64)) != 0 }

// chineseDigit reports whether r is a Chinese numeral character that only
// stands for a number when it comes in a run (一 alone is a word too).
func chineseDigit(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '两':
		return true
	}
	return false
}

// multiplier reports whether r multiplies the number before it: 3.5万.
func multiplier(r rune) bool {
	switch r {
	case '十', '百', '千', '万', '亿':
		return true
	}
	return false
}

// measureWord reports whether r is a measure word or a unit that follows a
// number: 三项, 五人次, 十二个.
func measureWord(r rune) bool {
	switch r {
	case '项', '人', '次', '件', '条', '名', '家', '处', '个', '年', '月', '日', '天', '元', '台', '座', '户', '套', '份',
		'篇', '批', '宗', '起':
		return true
	}
	return false
}

// keepsNumber reports whether the number rs[i:j] is kept as written: a
// part of a date (2024年, 6月, 15日) or an ordinal (第4条), which tell one
// unit's plan or reference from another's, where a quantity (42米, 3.5万元)
// is what a copier changes.
func keepsNumber(rs []rune, i, j int) bool {
	if i > 0 && rs[i-1] == '第' {
		return true
	}
	if j < len(rs) {
		switch rs[j] {
		case '年', '月', '日', '号':
			return true
		}
	}
	return false
}

func asciiDigit(r rune) bool { return '0' <= r && r <= '9' }

// Normalize returns the words of s as they are compared: traditional and
// variant characters folded (textfold.FoldRune), letters lower case, everything
// that is not a letter or a digit left out, each quantity (42, 3.5万,
// 三十二 before a measure word) as one # — dates (2024年6月) and ordinals
// (第4条) stay as written — and the stock and function words of official
// writing removed. At most MaxRunes characters of s are read.
func Normalize(s string) string { return string(normalize(s)) }

// normalize is Normalize as characters.
func normalize(s string) []rune {
	var p Preparer
	return p.normalize(s)
}

// normalize is Normalize as characters, in p's memory: the result is good
// until the next call.
func (p *Preparer) normalize(s string) []rune {
	rs := p.folded[:0]
	for _, r := range s {
		if len(rs) == MaxRunes {
			break
		}
		rs = append(rs, textfold.FoldRune(r))
	}
	p.folded = rs
	out := p.norm[:0]
next:
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if mayStart(r) {
			for _, w := range stockWords[r] {
				if i+len(w) <= len(rs) && slices.Equal(rs[i:i+len(w)], w) {
					i += len(w) - 1
					continue next
				}
			}
		}
		switch {
		case r >= 0x4e00 && r <= 0x9fff && !chineseDigit(r):
			// A common Chinese character: a letter without case.
			out = append(out, r)
		case asciiDigit(r):
			j := i + 1
			for j < len(rs) && (asciiDigit(rs[j]) || (rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && asciiDigit(rs[j+1])) {
				j++
			}
			for j < len(rs) && multiplier(rs[j]) {
				j++ // 3.5万, 12亿
			}
			if keepsNumber(rs, i, j) {
				out = append(out, rs[i:j]...)
			} else {
				out = append(out, numberMark)
			}
			i = j - 1
		case chineseDigit(r):
			j := i + 1
			for j < len(rs) && chineseDigit(rs[j]) {
				j++
			}
			if j-i >= 2 || j < len(rs) && measureWord(rs[j]) {
				out = append(out, numberMark)
			} else {
				out = append(out, rs[i:j]...)
			}
			i = j - 1
		case r < 0x80 && ('a' <= r && r <= 'z'):
			out = append(out, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = append(out, unicode.ToLower(r))
		}
	}
	p.norm = out
	return out
}
