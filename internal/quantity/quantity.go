// Package quantity reads the figures of rectification out of a text
// (整改成效的数字): money recovered or returned (追回、清退、挽回经济损失… in 元),
// rules made or revised (建章立制 …项), people held accountable by form
// (诫勉谈话 …人次) and things counted with their measure word (安装设备 12 台),
// Arabic or Chinese numerals, with figures given as about or more than
// (约、余、多) marked. It is a pure function of the text: no record, no I/O.
package quantity

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// MaxRunes bounds the text read: a progress report holds at most 10,000
// characters; anything longer is read up to this many.
const MaxRunes = 20000

// maxValue is the largest figure read: longer digit strings are numbers
// of another kind (an account, a code).
const maxValue = 1e15

// window bounds the words read either side of a figure for its meaning.
const window = 40

// Extract returns the quantities of text in the order they are written.
// A figure without a unit (a date, a percentage, a file number), an
// ordinal (第三), a figure inside quotation marks or a book title, and the
// numbers of fixed political phrases (八项规定, 两个维护) are not quantities.
func Extract(text string) []rectify.Quantity {
	rs := normalise(text)
	masked := maskRanges(rs)
	var out []rectify.Quantity
	var ends []int // end of each quantity in out, in runes
	prevEnd := 0
	for i := 0; i < len(rs); {
		if masked[i] || !numeralStart(rs, i) {
			i++
			continue
		}
		n, ok := readNumber(rs, i)
		if !ok {
			i = n.end
			continue
		}
		q, ok := classify(rs, n, prevEnd, out)
		if !ok || !(n.value <= maxValue) {
			i = n.end
			continue
		}
		q.Part = isPart(rs, n.start, q.Kind, out, ends)
		out = append(out, q)
		ends = append(ends, n.end)
		prevEnd = n.end
		i = n.end
	}
	return out
}

// normalise returns text as runes, at most MaxRunes, with full-width digits,
// point and letters as ASCII.
func normalise(text string) []rune {
	rs := make([]rune, 0, min(len(text), MaxRunes))
	for _, r := range text {
		if len(rs) == MaxRunes {
			break
		}
		switch {
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == '．':
			r = '.'
		case r == '\u3000' || r == '\t' || r == '\r':
			r = ' '
		}
		rs = append(rs, r)
	}
	return rs
}

// fixedPhrases are political formulas whose numerals count nothing.
var fixedPhrases = []string{
	"八项规定", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面", "三重一大", "一岗双责", "三会一课",
	"两学一做", "两个责任", "五位一体", "一把手", "三个代表", "三个区分开来", "两个务必", "四个不直接分管",
	"两个平台", "三个以案", "五个一", "一事一议", "一案一整改", "一问题一台账", "三个清单",
}

// maskRanges marks the runes inside quotation marks and book titles, and
// of fixed phrases: numbers there are not read.
func maskRanges(rs []rune) []bool {
	m := make([]bool, len(rs))
	pairs := map[rune]rune{'“': '”', '《': '》', '「': '」', '‘': '’', '〈': '〉'}
	for i := 0; i < len(rs); i++ {
		closing, ok := pairs[rs[i]]
		if !ok {
			continue
		}
		for j := i + 1; j < len(rs) && j-i <= 60; j++ {
			if rs[j] == closing {
				for k := i; k <= j; k++ {
					m[k] = true
				}
				i = j
				break
			}
		}
	}
	s := string(rs)
	// runeAt[b] is the index of the rune that starts at byte b of s.
	runeAt := make([]int, len(s)+1)
	k := 0
	for b := range s {
		runeAt[b] = k
		k++
	}
	runeAt[len(s)] = k
	for _, p := range fixedPhrases {
		n := utf8.RuneCountInString(p)
		for off := 0; ; {
			i := strings.Index(s[off:], p)
			if i < 0 {
				break
			}
			start := runeAt[off+i]
			for j := start; j < start+n && j < len(m); j++ {
				m[j] = true
			}
			off += i + len(p)
		}
	}
	return m
}

const hanDigits = "〇零一二两三四五六七八九"

func isHanDigit(r rune) bool { return strings.ContainsRune(hanDigits, r) }

func isHanNumeral(r rune) bool { return isHanDigit(r) || strings.ContainsRune("十百千万亿", r) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numeralStart reports whether a number starts at rs[i]: a digit not
// inside a longer token, or a Chinese numeral starting with a digit or 十.
func numeralStart(rs []rune, i int) bool {
	r := rs[i]
	var prev rune
	if i > 0 {
		prev = rs[i-1]
	}
	if isDigit(r) {
		return !(isDigit(prev) || prev == '.' || prev == ',' || prev == '-' || prev == '/' || prev == '第' ||
			(prev < unicode.MaxASCII && unicode.IsLetter(prev)))
	}
	if isHanDigit(r) || r == '十' {
		return !isHanNumeral(prev) && prev != '第' && !isDigit(prev)
	}
	return false
}

// number is a figure as read: its value (multipliers applied), where it
// starts and ends (the unit and any 余/多/左右 included), its unit.
type number struct {
	start, end int // runes; start includes a prefix 约/近/逾/超过
	numStart   int // the first digit
	value      float64
	unit       string
	approx     bool
}

// moneyUnits, personUnits and the measure words, longest first where one
// begins another.
var (
	personUnits  = []string{"人次", "人", "名", "位"}
	measureWords = []string{
		"台套", "台班", "平方公里", "平方米", "立方米", "公顷", "公里", "千米", "万亩", "亩", "米", "吨",
		"台", "套", "处", "家", "户", "座", "棵", "株", "辆", "次", "场", "期", "份", "篇", "批", "块", "盏",
		"个", "项", "件", "条", "部", "宗", "笔", "起", "所", "间", "张", "本", "册", "根", "只", "头", "艘",
		"栋", "口", "孔", "把", "类", "轮", "遍", "课时", "学时", "户次", "人次", "人", "名", "位",
	}
	// notAfter are words that start at a measure word and make it no
	// quantity: 3个月, 5个工作日, 2个百分点.
	notAfter = []string{"个月", "个工作日", "个百分点", "个小时", "个季度", "人民", "名单", "位于", "条件", "次日",
		"期间", "期限", "件事", "项目", "部门", "部分", "处理", "处置", "块钱", "头脑", "口径", "本级", "类似", "场所",
		"家属", "家庭", "户籍", "批次", "张贴", "所有", "所在", "轮次", "期末", "座谈", "间隔", "起草", "起来", "条例"}
)

// readNumber reads the figure starting at rs[i]. ok is false when no unit
// follows; end is then where reading may go on.
func readNumber(rs []rune, i int) (n number, ok bool) {
	n.start, n.numStart = i, i
	j := i
	var v float64
	if isDigit(rs[i]) {
		v, j = readArabic(rs, i)
	} else {
		k := i
		for k < len(rs) && isHanNumeral(rs[k]) {
			k++
		}
		// 万 and 亿 after the numeral are read below as multipliers, so
		// that 三百余万元 reads as 三百, 余, 万.
		for k > i+1 && (rs[k-1] == '万' || rs[k-1] == '亿') {
			k--
		}
		if k == i+1 && rs[i] == '一' && (k == len(rs) || rs[k] != '万' && rs[k] != '亿') {
			// 进一步, 统一, 一律: a lone 一 counts nothing
			n.end = k
			return n, false
		}
		v, j = hanValue(rs[i:k]), k
	}
	n.end = j
	// 余/多, multipliers, 余/多 again.
	approxAt := func() {
		if j < len(rs) && (rs[j] == '余' || rs[j] == '多') {
			n.approx = true
			j++
		}
	}
	approxAt()
	mult := 1.0
	for j < len(rs) {
		switch rs[j] {
		case '十':
			mult *= 10
		case '百':
			mult *= 100
		case '千':
			mult *= 1000
		case '万':
			mult *= 1e4
		case '亿':
			mult *= 1e8
		default:
			goto unit
		}
		j++
	}
unit:
	approxAt()
	n.value = v * mult
	rest := string(rs[j:min(len(rs), j+8)])
	switch {
	case strings.HasPrefix(rest, "元"):
		n.unit = "元"
	default:
		for _, u := range measureWords {
			if strings.HasPrefix(rest, u) {
				n.unit = u
				break
			}
		}
	}
	if n.unit == "" {
		return n, false
	}
	for _, w := range notAfter {
		if strings.HasPrefix(rest, w) {
			return n, false
		}
	}
	if n.unit == "元" && strings.HasPrefix(rest, "元/") {
		return n, false
	}
	if n.unit == "万亩" {
		n.unit, n.value = "亩", n.value*1e4
		j++
	}
	j += len([]rune(n.unit))
	if n.unit != "元" && mult > 1 && n.value != math.Trunc(n.value) {
		n.value = math.Round(n.value*100) / 100
	}
	// 左右, 以上 after the unit; 余 after 元 (10万元余) is rare and not read.
	tail := string(rs[j:min(len(rs), j+2)])
	if tail == "左右" || tail == "以上" {
		n.approx = true
		j += 2
	}
	n.end = j
	// 约, 近, 逾, 超过, 大约, 将近 right before the number.
	for _, p := range []string{"大约", "将近", "超过", "约", "近", "逾", "超"} {
		pr := []rune(p)
		if i >= len(pr) && string(rs[i-len(pr):i]) == p {
			if p == "近" && i >= 2 && (rs[i-2] == '最' || rs[i-2] == '附') {
				continue
			}
			n.approx = true
			n.start = i - len(pr)
			break
		}
	}
	return n, true
}

// readArabic reads 12, 1.5, 2,350.5 at rs[i] and returns the value and
// the end.
func readArabic(rs []rune, i int) (float64, int) {
	j := i
	var ip float64
	for j < len(rs) {
		switch {
		case isDigit(rs[j]):
			ip = ip*10 + float64(rs[j]-'0')
			j++
			continue
		case rs[j] == ',' && threeDigits(rs, j+1):
			j++
			continue
		}
		break
	}
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		j++
		scale := 0.1
		for j < len(rs) && isDigit(rs[j]) {
			ip += float64(rs[j]-'0') * scale
			scale /= 10
			j++
		}
	}
	return ip, j
}

// threeDigits reports whether exactly three digits start at rs[k]: a
// thousands group (2,350).
func threeDigits(rs []rune, k int) bool {
	if k+3 > len(rs) {
		return false
	}
	for _, r := range rs[k : k+3] {
		if !isDigit(r) {
			return false
		}
	}
	return k+3 == len(rs) || !isDigit(rs[k+3])
}

// hanValue returns the value of a Chinese numeral: 十二 12, 二十 20,
// 三百零五 305, 两千 2000, 一亿二千万 120000000.
func hanValue(rs []rune) float64 {
	var total, section, num float64
	for _, r := range rs {
		switch r {
		case '〇', '零':
			num = 0
		case '一':
			num = 1
		case '二', '两':
			num = 2
		case '三':
			num = 3
		case '四':
			num = 4
		case '五':
			num = 5
		case '六':
			num = 6
		case '七':
			num = 7
		case '八':
			num = 8
		case '九':
			num = 9
		case '十', '百', '千':
			u := map[rune]float64{'十': 10, '百': 100, '千': 1000}[r]
			if num == 0 {
				num = 1
			}
			section += num * u
			num = 0
		case '万':
			total += (section + num) * 1e4
			section, num = 0, 0
		case '亿':
			total = (total + section + num) * 1e8
			section, num = 0, 0
		}
	}
	return total + section + num
}
