package quantity

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract: any text is read without a panic, in bounded time, and
// every figure read is one the record accepts.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"追回资金约300余万元，其中清退12万元。", "问责5人次，其中诫勉谈话2人、党纪处分1人", "新建制度4项、修订7项",
		"十二人次受到批评教育", "1.2亿元", "2,350.5万元", "一万元", "第三季度", "“三重一大”", "《2号文件》5件",
		"９９９９９９９９９９９９９９９９９９９元", "约", "1,", "1.", "十百千万亿元", "〇人", "两千余万亩",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		qs := Extract(s)
		if utf8.ValidString(s) && len(qs) > utf8.RuneCountInString(s) {
			t.Fatalf("%d figures in %d characters", len(qs), utf8.RuneCountInString(s))
		}
		for _, q := range qs {
			if err := q.Validate(); err != nil {
				t.Fatalf("%q: figure %+v: %v", s, q, err)
			}
			if q.Text != "" && !utf8.ValidString(q.Text) && utf8.ValidString(s) {
				t.Fatalf("%q: text %q is not UTF-8", s, q.Text)
			}
		}
	})
}

// A long text is read up to MaxRunes, however it is made.
func TestExtractBounded(t *testing.T) {
	for _, tc := range []struct{ name, unit string }{
		{"figures", "追回资金12万元，"},
		{"fixed phrases", "一把手"},
		{"digits", "9"},
		{"one kind after another", "问责1人追回1元其中"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Repeat(tc.unit, 3*MaxRunes/utf8.RuneCountInString(tc.unit))
			qs := Extract(s)
			for _, q := range qs {
				if err := q.Validate(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
