package rectify

import (
	"strconv"
	"strings"
)

// hanDigits are the digits 0…9 in Chinese numerals.
const hanDigits = "零一二三四五六七八九"

func hanDigit(d int) string { return string([]rune(hanDigits)[d]) }

// HanNumeral writes n (1…9999) in Chinese numerals as notices number their
// headings and as people read a count aloud: 一, 十, 十一, 二十, 九十九,
// 一百零一, 一千零一十. Other numbers are written in Arabic digits. It is
// the one writer of Chinese numerals of the pages, the reader's messages
// and the notice.
func HanNumeral(n int) string {
	if n <= 0 || n > 9999 {
		return strconv.Itoa(n)
	}
	if n < 10 {
		return hanDigit(n)
	}
	if n < 20 {
		return "十" + strings.TrimPrefix(hanDigit(n%10), "零")
	}
	units := []string{"", "十", "百", "千"}
	var b strings.Builder
	zero := false
	for p := 3; p >= 0; p-- {
		div := 1
		for range p {
			div *= 10
		}
		d := n / div % 10
		switch {
		case d == 0:
			if b.Len() > 0 {
				zero = true
			}
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(hanDigit(d) + units[p])
		}
	}
	return b.String()
}
