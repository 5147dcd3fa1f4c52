package notice

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normLine prepares one line for reading: full-width digits and Latin
// letters become ASCII, odd spaces become spaces, invisible and control
// characters go, Markdown markup (headings, quotes, bullets, bold, escapes)
// is stripped, and the line is trimmed.
func normLine(s string) string {
	if needsFold(s) {
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s {
			switch {
			case r >= '０' && r <= '９':
				r = r - '０' + '0'
			case r >= 'Ａ' && r <= 'Ｚ':
				r = r - 'Ａ' + 'A'
			case r >= 'ａ' && r <= 'ｚ':
				r = r - 'ａ' + 'a'
			case r == '＠':
				r = '@'
			case r == '\u3000' || r == '\u00a0' || r == '\t' || (r >= '\u2000' && r <= '\u200a') || r == '\u202f' || r == '\u205f':
				r = ' '
			case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
				continue
			case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
				continue
			case r == utf8.RuneError:
				// keep the replacement character: it marks what could not be read
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	return stripMarkdown(strings.TrimSpace(s))
}

// needsFold reports whether normLine has to rewrite any rune of s: control
// characters, C1 characters and no-break space, the general punctuation
// spaces and invisible marks, the ideographic space, the byte order mark,
// full-width digits, Latin letters and ＠.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f || c == 0xC2:
			return true
		case i+2 >= len(s):
		case c == 0xE2: // U+2000–U+200F, U+202F, U+205F, U+2060
			b1, b2 := s[i+1], s[i+2]
			if (b1 == 0x80 && (b2 <= 0x8F || b2 == 0xAF)) || (b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0)) {
				return true
			}
		case c == 0xE3:
			if s[i+1] == 0x80 && s[i+2] == 0x80 {
				return true
			}
		case c == 0xEF:
			b1, b2 := s[i+1], s[i+2]
			if (b1 == 0xBB && b2 == 0xBF) || (b1 == 0xBC && b2 >= 0x90 && b2 <= 0xBA) || (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A) {
				return true
			}
		}
	}
	return false
}

// stripMarkdown removes the Markdown a renderer adds around notice text.
func stripMarkdown(s string) string {
	if s == "" {
		return s
	}
	// Headings and block quotes.
	for {
		t := s
		if strings.HasPrefix(t, "#") {
			t = strings.TrimLeft(t, "#")
		} else if strings.HasPrefix(t, ">") {
			t = t[1:]
		}
		t = strings.TrimSpace(t)
		if t == s {
			break
		}
		s = t
	}
	// Horizontal rules.
	if len(s) >= 3 && strings.Trim(s, "-*_ ") == "" {
		return ""
	}
	// Bullets.
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ' {
		s = strings.TrimSpace(s[2:])
	} else {
		for _, b := range []string{"• ", "· ", "● ", "■ ", "◆ ", "▪ "} {
			if strings.HasPrefix(s, b) {
				s = strings.TrimSpace(s[len(b):])
				break
			}
		}
	}
	if strings.Contains(s, "**") {
		s = strings.ReplaceAll(s, "**", "")
	}
	if strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "")
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = unescapeMarkdown(s)
	}
	return strings.TrimSpace(s)
}

// unescapeMarkdown drops the backslash before ASCII punctuation ("1\." →
// "1.") and a trailing backslash (a hard line break).
func unescapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			if i+1 == len(s) {
				break
			}
			if c := s[i+1]; c < 0x80 && unicode.IsPunct(rune(c)) || c < 0x80 && unicode.IsSymbol(rune(c)) {
				b.WriteByte(c)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// numStyle is how an item is numbered.
type numStyle int

const (
	styleNone        numStyle = iota
	styleSection              // 一、
	styleCNParen              // （一）
	styleArabic               // 1． 1. 1、
	styleArabicParen          // （1） (1) 1）
	styleCircled              // ①
)

// circledValue returns 1…50 for ①…㊿, or 0.
func circledValue(r rune) int {
	switch {
	case r >= 0x2460 && r <= 0x2473:
		return int(r-0x2460) + 1
	case r >= 0x3251 && r <= 0x325F:
		return int(r-0x3251) + 21
	case r >= 0x32B1 && r <= 0x32BF:
		return int(r-0x32B1) + 36
	case r >= 0x2776 && r <= 0x277F: // ❶…❿
		return int(r-0x2776) + 1
	}
	return 0
}

// circled returns the circled digit of n (1…50), or "".
func circled(n int) rune {
	switch {
	case n >= 1 && n <= 20:
		return rune(0x2460 + n - 1)
	case n >= 21 && n <= 35:
		return rune(0x3251 + n - 21)
	case n >= 36 && n <= 50:
		return rune(0x32B1 + n - 36)
	}
	return 0
}

func cnDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一', '壹':
		return 1
	case '二', '两', '贰':
		return 2
	case '三', '叁':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

func cnUnit(r rune) int {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	}
	return 0
}

// readNumber reads a number at the start of s: up to maxDigits ASCII digits,
// or Chinese numerals (一, 十二, 二十五, 一百零三, or digit by digit as in
// 二〇二三). It returns the value, the bytes read and whether the numerals
// were Chinese; n is -1 when s does not start with a number.
func readNumber(s string, maxDigits int) (n, size int, chinese bool) {
	i := 0
	for i < len(s) && i < maxDigits && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			return -1, 0, false // too many digits
		}
		v := 0
		for _, c := range s[:i] {
			v = v*10 + int(c-'0')
		}
		return v, i, false
	}
	total, cur, runes, seq := 0, -1, 0, 0
	hasUnit := false
	for i < len(s) && runes < 6 {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if d := cnDigit(r); d >= 0 {
			if cur >= 0 && !hasUnit {
				seq = seq*10 + cur
			}
			cur = d
		} else if u := cnUnit(r); u > 0 {
			if cur < 0 {
				cur = 1
			}
			total += cur * u
			cur = -1
			hasUnit = true
		} else {
			break
		}
		i += sz
		runes++
	}
	if runes == 0 {
		return -1, 0, false
	}
	if !hasUnit {
		if cur < 0 {
			return -1, 0, false
		}
		return seq*10 + cur, i, true
	}
	if cur > 0 {
		total += cur
	}
	return total, i, true
}

// splitNumber reads the number an item starts with and returns its style,
// value and the text after it. Text that does not start with a number gives
// styleNone and s itself.
func splitNumber(s string) (numStyle, int, string) {
	if s == "" {
		return styleNone, 0, s
	}
	r, size := utf8.DecodeRuneInString(s)
	if n := circledValue(r); n > 0 {
		return styleCircled, n, trimLeadSep(s[size:])
	}
	if r == '（' || r == '(' {
		inner := strings.TrimLeft(s[size:], " ")
		n, k, cn := readNumber(inner, 3)
		if n > 0 {
			r2, s2 := utf8.DecodeRuneInString(inner[k:])
			if r2 == '）' || r2 == ')' {
				rest := trimLeadSep(inner[k+s2:])
				if cn {
					return styleCNParen, n, rest
				}
				return styleArabicParen, n, rest
			}
		}
		return styleNone, 0, s
	}
	n, k, cn := readNumber(s, 4) // problem numbers of a running list pass 999
	if n <= 0 {
		return styleNone, 0, s
	}
	after := s[k:]
	r2, s2 := utf8.DecodeRuneInString(after)
	next, _ := utf8.DecodeRuneInString(after[s2:])
	switch {
	case cn && (r2 == '、' || r2 == '．' || (r2 == '.' && !isDigit(next))):
		return styleSection, n, trimLeadSep(after[s2:])
	case !cn && (r2 == '．' || r2 == '、' || r2 == '.') && !isDigit(next):
		return styleArabic, n, trimLeadSep(after[s2:])
	case !cn && (r2 == '）' || r2 == ')'):
		return styleArabicParen, n, trimLeadSep(after[s2:])
	}
	return styleNone, 0, s
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// trimLeadSep trims spaces and a stray list separator after a number.
func trimLeadSep(s string) string {
	return strings.TrimLeft(s, " 、．.，,")
}

// isClauseSep reports whether r ends a clause or sentence.
func isClauseSep(r rune) bool {
	switch r {
	case '。', '；', ';', '，', ',', '：', ':', '！', '!', '？', '?', '、':
		return true
	}
	return false
}

// trimEndPunct trims the punctuation that ends an item: 。；，、 and spaces.
func trimEndPunct(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "。；;，,、 ")
	// An ASCII full stop after a Chinese character ends a sentence too.
	for strings.HasSuffix(s, ".") {
		r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		s = strings.TrimRight(s[:len(s)-1], "。；;，,、 ")
	}
	return s
}

// cutSentence splits s after its first sentence: the text up to the first
// 。 (without it) or ？ ！ (with it), and the rest.
func cutSentence(s string) (string, string) {
	if i := strings.IndexAny(s, "。？！?!"); i >= 0 {
		r, size := utf8.DecodeRuneInString(s[i:])
		head := s[:i]
		if r != '。' {
			head = s[:i+size] // a question keeps its mark
		}
		return strings.TrimSpace(head), strings.TrimSpace(s[i+size:])
	}
	// A notice typed with ASCII punctuation: "标题.描述." (between Chinese
	// characters only, so that 1.5 stays a number).
	for i := 1; i+1 < len(s); i++ {
		if s[i] != '.' {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+1:])
		if unicode.Is(unicode.Han, before) && unicode.Is(unicode.Han, after) {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		}
	}
	return trimEndPunct(s), ""
}

// hasColonAt reports whether s[i:] starts with a colon (or 】 closing a
// bracketed label) after optional spaces, and returns the index after it.
func hasColonAt(s string, i int) (int, bool) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	for _, c := range []string{"：", ":", "】", "]"} {
		if strings.HasPrefix(s[i:], c) {
			return i + len(c), true
		}
	}
	return i, false
}

// colons returns the byte offsets of the colons (：, :) in s.
func colons(s string) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ':':
			out = append(out, i)
		case s[i] == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] == 0x9A: // ：
			out = append(out, i)
			i += 2
		}
	}
	return out
}

// labelBefore returns where one of labels ends right before s[colon]
// (spaces allowed between), the longest that fits, and its index.
func labelBefore(s string, colon int, labels []string) (start, k int) {
	head := strings.TrimRight(s[:colon], " ")
	best, bestK := -1, -1
	for k, l := range labels {
		if strings.HasSuffix(head, l) && (best < 0 || len(head)-len(l) < best) {
			best, bestK = len(head)-len(l), k
		}
	}
	return best, bestK
}

// labelled reads "label：value" at the start of s for any of labels
// (longest first), also "【label】value". It returns the label index and the
// value.
func labelled(s string, labels []string) (int, string, bool) {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "【"), "[")
	for k, l := range labels {
		if !strings.HasPrefix(t, l) {
			continue
		}
		if j, ok := hasColonAt(t, len(l)); ok {
			return k, strings.TrimSpace(t[j:]), true
		}
	}
	return -1, "", false
}

// statusLabels name the result line (整改结果：完成).
var statusLabels = []string{"整改结果", "整改状态", "完成情况", "整改进度", "完成状态", "整改完成情况", "办理结果", "办结情况"}

// progressLabels name the measures paragraph (整改情况：①…).
var progressLabels = []string{"整改情况", "整改措施", "整改举措", "整改落实情况", "落实情况", "主要措施", "采取措施", "具体措施", "整改成效", "办理情况"}

// metaLabels name the facts some notices add under a problem.
var metaLabels = []string{"责任领导", "牵头领导", "分管领导", "责任人", "责任单位", "牵头单位", "责任部门", "配合单位",
	"责任股室", "责任科室", "整改时限", "完成时限", "整改期限", "时限要求"}

// metaField says which field a meta label fills: 'L' leader, 'U' unit,
// 'D' due, 0 for none kept (配合单位 goes with the unit).
func metaField(label string) byte {
	switch {
	case strings.HasSuffix(label, "领导") || label == "责任人":
		return 'L'
	case strings.Contains(label, "时限") || strings.Contains(label, "期限"):
		return 'D'
	}
	return 'U'
}

// ambiguousLabels are a result when what follows is a short status, the
// measures otherwise.
var ambiguousLabels = []string{"整改进展情况", "整改进展", "进展情况"}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
