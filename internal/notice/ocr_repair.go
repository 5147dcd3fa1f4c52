package notice

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// repairOCR undoes the confusions Tesseract typically makes on a Chinese
// notice, before the text is parsed: spaces inside Chinese text and dates
// ("2023年7月 3 日"), O, o, 〇, l, I and | among the digits of a number
// ("2O23年"), a dash for 一 in numbering ("-、", "（-）"), lost circled
// numbers ("@", "©" for ①②), half-width brackets and punctuation among
// Chinese text ("(一)", "整改结果:"), numbering marks misread ("1，", "4.，").
// Each rule is conservative: it only rewrites what cannot be meant as
// written.
func repairOCR(s string) string {
	for _, r := range ocrRules {
		s = r.fix(s)
	}
	return s
}

// doubtedFixes are misreadings Tesseract makes of a few glyphs and marks
// with little confidence: each is repaired only where Tesseract doubted
// the word (the word is among the line's low-confidence words), since the
// text it leaves may also be meant ("中共和平县委员会").
var doubtedFixes = []struct{ word, from, to string }{
	{"共和", "中共和", "中共"}, // 中共 in 小标宋 at title size
}

// repairDoubted applies doubtedFixes to a line whose low-confidence words
// are low.
func repairDoubted(s string, low []string) string {
	for _, f := range doubtedFixes {
		for _, w := range low {
			if w == f.word {
				s = strings.Replace(s, f.from, f.to, 1)
				break
			}
		}
	}
	return s
}

// ocrRule is one repair, named for the tests.
type ocrRule struct {
	name string
	fix  func(string) string
}

var ocrRules = []ocrRule{
	{"punctuation", fixHalfWidthPunct},
	{"spaces", dropSpacesInChinese},
	{"digits", fixConfusedDigits},
	{"class", fixTrackClass},
	{"numbering", fixNumbering},
	{"circled", fixCircledNumbers},
}

// dropSpacesInChinese removes spaces next to a Chinese character or
// full-width punctuation: Chinese is written without spaces, and OCR puts
// them where the glyphs stand apart ("2023年7月 3 日", "5 个").
func dropSpacesInChinese(s string) string {
	if !strings.ContainsAny(s, " \t\u3000") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != ' ' && r != '\t' && r != '\u3000' {
			b.WriteRune(r)
			continue
		}
		j := i
		for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t' || rs[j] == '\u3000') {
			j++
		}
		var before, after rune
		if i > 0 {
			before = rs[i-1]
		}
		if j < len(rs) {
			after = rs[j]
		}
		if i == 0 || j == len(rs) || wideRune(before) || wideRune(after) {
			i = j - 1
			continue
		}
		b.WriteByte(' ')
		i = j - 1
	}
	return b.String()
}

// confusedNumberRE finds a run of digits and the letters OCR takes for
// digits, followed by a unit that only follows numbers.
var confusedNumberRE = regexp.MustCompile(`[0-9OoIl|〇]+[年月日号个项件条名家处次元万%]`)

// fixConfusedDigits reads O, o and 〇 as 0 and I, l and | as 1 in a number
// that has at least one real digit and is followed by a unit ("2O23年",
// "1O月", "l2个").
func fixConfusedDigits(s string) string {
	return confusedNumberRE.ReplaceAllStringFunc(s, func(m string) string {
		unit, size := utf8.DecodeLastRuneInString(m)
		num := m[:len(m)-size]
		if !strings.ContainsAny(num, "0123456789") || !strings.ContainsAny(num, "OoIl|〇") {
			return m
		}
		return strings.NewReplacer("O", "0", "o", "0", "〇", "0", "I", "1", "l", "1", "|", "1").Replace(num) + string(unit)
	})
}

// trackClassRE finds the class of long-term rectification misread: 工类,
// l类 and 1类 for I类; 工工类, ll类, 11类 for II类.
var trackClassRE = regexp.MustCompile(`(整改\s*)(工工|ll|11|Il|lI|\|\||II|Ⅱ|工|l|1|\||丨|I|Ⅰ)(\s*类)`)

func fixTrackClass(s string) string {
	return trackClassRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := trackClassRE.FindStringSubmatch(m)
		class := "I"
		if utf8.RuneCountInString(sub[2]) == 2 || sub[2] == "Ⅱ" {
			class = "II"
		}
		return strings.TrimSpace(sub[1]) + class + "类"
	})
}

// fixHalfWidthPunct turns half-width brackets and punctuation that touch
// Chinese text into their full-width forms ("(一)" → "（一）", "整改结果:"
// → "整改结果："); a full stop only after a Chinese character at the end
// of a sentence.
func fixHalfWidthPunct(s string) string {
	if !strings.ContainsAny(s, "():;,?!.") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return 0
		}
		return rs[i]
	}
	for i, r := range rs {
		prev, next := at(i-1), at(i+1)
		hanPrev, hanNext := wideRune(prev), wideRune(next)
		switch r {
		case '(':
			if hanPrev || hanNext || isChineseNumeral(next) || (i == 0 && closesNumber(rs, i+1)) {
				r = '（'
			}
		case ')':
			if hanPrev || hanNext || isChineseNumeral(prev) || (opensAt(rs, i) == 0 && unicode.IsDigit(prev)) {
				r = '）'
			}
		case ':':
			if hanPrev {
				r = '：'
			}
		case ';':
			if hanPrev {
				r = '；'
			}
		case ',':
			if hanPrev || (hanNext && !unicode.IsDigit(prev)) {
				r = '，'
			}
		case '?':
			if hanPrev {
				r = '？'
			}
		case '!':
			if hanPrev {
				r = '！'
			}
		case '.':
			if unicode.Is(unicode.Han, prev) && (next == 0 || hanNext) {
				r = '。'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// closesNumber reports whether rs[i:] is digits then ')' or '）'.
func closesNumber(rs []rune, i int) bool {
	j := i
	for j < len(rs) && unicode.IsDigit(rs[j]) {
		j++
	}
	return j > i && j < len(rs) && (rs[j] == ')' || rs[j] == '）')
}

// opensAt returns the index of the bracket that the ')' at i closes when it
// encloses only digits, else -1.
func opensAt(rs []rune, i int) int {
	j := i - 1
	for j >= 0 && unicode.IsDigit(rs[j]) {
		j--
	}
	if j >= 0 && j < i-1 && (rs[j] == '(' || rs[j] == '（') {
		return j
	}
	return -1
}

func isChineseNumeral(r rune) bool {
	return strings.ContainsRune("一二三四五六七八九十", r)
}

// The numbering of a line as OCR misreads it.
var (
	// "1，" "4.，" "1 ." "l." before Chinese text: an Arabic number.
	arabicMarkRE = regexp.MustCompile(`^([0-9lI|]{1,3})\s*(?:[.．,，、]\s*){1,3}(\p{Han})`)
	// "6工程项目…": a number whose dot was lost, before anything but a
	// unit.
	bareMarkRE = regexp.MustCompile(`^([1-9][0-9]?)(\p{Han})`)
	// "-、" "十-、" "—、": a Chinese number with a dash for 一.
	chineseMarkRE = regexp.MustCompile(`^([一二三四五六七八九十]*)[-—–－_]([一二三四五六七八九十]*)\s*[、，,]`)
	// "（-）" "(十-)": the same in brackets.
	bracketMarkRE = regexp.MustCompile(`^[（(]\s*([一二三四五六七八九十\-—–－_]{1,4})\s*[)）]`)
)

// countUnits follow a number that counts, not one that numbers an item.
const countUnits = "个项件条名家处次元万千百亿年月日号时分人户台套辆所批期轮场位岁倍%余多"

// fixNumbering repairs the number that opens a line.
func fixNumbering(s string) string {
	if m := arabicMarkRE.FindStringSubmatchIndex(s); m != nil {
		num := strings.NewReplacer("l", "1", "I", "1", "|", "1").Replace(s[m[2]:m[3]])
		if num != "0" {
			return num + "．" + s[m[4]:]
		}
	}
	if m := bareMarkRE.FindStringSubmatchIndex(s); m != nil {
		r, _ := utf8.DecodeRuneInString(s[m[4]:])
		if !strings.ContainsRune(countUnits, r) {
			return s[m[2]:m[3]] + "．" + s[m[4]:]
		}
	}
	if m := chineseMarkRE.FindStringSubmatchIndex(s); m != nil {
		return s[m[2]:m[3]] + "一" + s[m[4]:m[5]] + "、" + s[m[1]:]
	}
	if m := bracketMarkRE.FindStringSubmatchIndex(s); m != nil {
		num := strings.NewReplacer("-", "一", "—", "一", "–", "一", "－", "一", "_", "一").Replace(s[m[2]:m[3]])
		return "（" + num + "）" + s[m[1]:]
	}
	return s
}

// circledMarkRE finds what OCR makes of a circled number at the start of
// an item: "@", "@@", "@D", "人@", "©", "®", "(D", or the circled number
// itself.
var circledMarkRE = regexp.MustCompile(`^(?:[①-⑳]|人?@+[DO0)）]?|[©®]|\(D)`)

// circledLookalikes are the characters Tesseract reads ① to ⑨ as, at 200
// dpi in 仿宋 or 宋体: taken for marks only where every item of a list
// starts with one.
const circledLookalikes = "中巴包叫思人外回囚因团司由名号急趾的"

// fixCircledNumbers restores the circled numbers of a list of measures
// ("整改情况：①…；②…。关于…：①…"): a list starts after a colon, its items
// after each semicolon, and an item that starts with a mark gets the
// number of its place in the list. Characters that only look like marks
// count as marks when every item of the list (two at least) starts with
// a mark or one of them, or when another item has a mark.
func fixCircledNumbers(s string) string {
	if !strings.ContainsAny(s, "：:") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	rest := s
	for {
		k := strings.IndexAny(rest, "：:")
		if k < 0 {
			b.WriteString(rest)
			break
		}
		_, size := utf8.DecodeRuneInString(rest[k:])
		b.WriteString(rest[:k+size])
		rest = rest[k+size:]
		end := strings.IndexAny(rest, "：:")
		if end < 0 {
			end = len(rest)
		}
		b.WriteString(numberOCRList(rest[:end]))
		rest = rest[end:]
	}
	return b.String()
}

// numberOCRList numbers the items of one list (the text after its colon).
func numberOCRList(list string) string {
	items := splitItems(list)
	if len(items) == 0 {
		return list
	}
	lookalike := len(items) >= 2
	marked := false
	for _, it := range items {
		t := strings.TrimLeft(it, " ")
		if m := circledMarkRE.FindString(t); m != "" {
			marked = true
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		if !strings.ContainsRune(circledLookalikes, r) {
			lookalike = false
		}
	}
	if !marked && !lookalike {
		return list
	}
	var b strings.Builder
	for i, it := range items {
		t := strings.TrimLeft(it, " ")
		n := rune('①' + min(i, 19))
		if m := circledMarkRE.FindString(t); m != "" {
			b.WriteRune(n)
			b.WriteString(t[len(m):])
			continue
		}
		if r, size := utf8.DecodeRuneInString(t); lookalike || (marked && strings.ContainsRune(circledLookalikes, r)) {
			b.WriteRune(n)
			b.WriteString(t[size:])
			continue
		}
		b.WriteString(it)
	}
	return b.String()
}

// splitItems splits a list at its semicolons, each keeping its own.
func splitItems(list string) []string {
	var items []string
	for list != "" {
		k := strings.IndexAny(list, "；;")
		if k < 0 {
			items = append(items, list)
			break
		}
		_, size := utf8.DecodeRuneInString(list[k:])
		items = append(items, list[:k+size])
		list = list[k+size:]
	}
	return items
}
