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
	"strings"
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
// that a copier adds or drops without changing what a text says; they are
// left out before texts are compared. Longest first, so that 进一步加强
// goes before its parts.
var boilerplate = strings.NewReplacer(
	"进一步", "", "认真", "", "切实", "", "扎实", "", "坚决", "", "全面", "",
	"持续", "", "不断", "", "深入", "", "严格", "", "着力", "", "大力", "",
	"积极", "", "及时", "", "有效", "", "狠抓", "", "务必", "", "确保", "",
	"努力", "", "充分", "", "高度重视", "", "抓好", "", "做好", "", "抓紧", "",
	"坚持", "", "全力", "", "全方位", "", "推动", "", "推进", "",
	"已经", "", "进行", "", "开展", "",
)

// chineseDigit reports whether r is a Chinese numeral character that only
// stands for a number when it comes in a run (一 alone is a word too).
func chineseDigit(r rune) bool {
	return strings.ContainsRune("〇零一二三四五六七八九十百千万亿两", r)
}

// measureWord reports whether r is a measure word or a unit that follows a
// number: 三项, 五人次, 十二个.
func measureWord(r rune) bool {
	return strings.ContainsRune("项人次件条名家处个年月日天元台座户套份篇批宗起", r)
}

// Normalize returns the words of s as they are compared: traditional and
// variant characters folded (textfold), letters lower case, everything
// that is not a letter or a digit left out, each number (42, 3.5, 三十二
// before a measure word) as one #, and the stock words of official writing
// removed. At most MaxRunes characters of s are read.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), MaxRunes*3))
	n := 0
	var rs []rune
	for _, r := range s {
		if n == MaxRunes {
			break
		}
		n++
		rs = append(rs, r)
	}
	folded := []rune(textfold.Fold(string(rs)))
	for i := 0; i < len(folded); i++ {
		r := folded[i]
		switch {
		case r < 0x80 && unicode.IsDigit(r):
			j := i + 1
			for j < len(folded) && (folded[j] < 0x80 && unicode.IsDigit(folded[j]) ||
				(folded[j] == '.' || folded[j] == ',') && j+1 < len(folded) && folded[j+1] < 0x80 && unicode.IsDigit(folded[j+1])) {
				j++
			}
			for j < len(folded) && strings.ContainsRune("十百千万亿", folded[j]) {
				j++ // 3.5万, 12亿
			}
			b.WriteRune(numberMark)
			i = j - 1
		case chineseDigit(r):
			j := i + 1
			for j < len(folded) && chineseDigit(folded[j]) {
				j++
			}
			if j-i >= 2 || j < len(folded) && measureWord(folded[j]) {
				b.WriteRune(numberMark)
			} else {
				b.WriteString(string(folded[i:j]))
			}
			i = j - 1
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return boilerplate.Replace(b.String())
}
