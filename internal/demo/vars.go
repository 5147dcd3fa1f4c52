package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
)

// vars are the values a problem's texts are written with; see texts_topics.go.
type vars struct {
	unit, org, biz, biz2, proj, fee string
	appr, hazard, aid               string
	y, y0                           int
	n, m, m2, k, k2, pct, age, big  int
	amt, amt3                       float64
	amt2                            int
}

// newVars draws the values of one problem of unit u, inspected with
// feedback on the given day.
func newVars(r *rand.Rand, u *unitSpec, sec *sector, feedback rectify.Date) vars {
	v := vars{
		unit: u.short,
		org:  u.orgShort,
		fee:  sec.fee,
		y:    feedback.Year - 1,
		y0:   feedback.Year - 3,
		n:    12 + r.IntN(49),
		k:    2 + r.IntN(5),
		k2:   2 + r.IntN(3),
		pct:  41 + r.IntN(38),
		age:  45 + r.IntN(8),
		big:  120 + r.IntN(300),
		amt:  float64(120+r.IntN(3746)) / 10,
		amt2: 1200 + r.IntN(46800),
	}
	v.m = 2 + r.IntN(max(1, v.n/4-1))
	v.m2 = 1 + r.IntN(max(1, v.m-1))
	v.amt3 = float64(int(v.amt*float64(20+r.IntN(41)))) / 100
	v.biz = pick(r, sec.businesses)
	v.biz2 = pick(r, sec.businesses)
	v.proj = pick(r, sec.projects)
	v.appr = pickOr(r, sec.approvals)
	v.hazard = pickOr(r, sec.hazards)
	v.aid = pickOr(r, sec.aids)
	return v
}

// pickOr returns one of xs, or "" when there are none.
func pickOr(r *rand.Rand, xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return pick(r, xs)
}

// usable reports whether t can be written for a unit of sector sec: a
// template about approvals, emergencies or subsidies needs a sector that
// has them.
func usable(t *template, sec *sector) bool {
	texts := append(append(append([]string{t.title}, t.desc...), t.measures...), t.progress...)
	for _, need := range []struct {
		key  string
		have []string
	}{{"{appr}", sec.approvals}, {"{hazard}", sec.hazards}, {"{aid}", sec.aids}} {
		if len(need.have) > 0 {
			continue
		}
		for _, s := range texts {
			if strings.Contains(s, need.key) {
				return false
			}
		}
	}
	return true
}

// expand replaces the placeholders of s with v's values. An unknown
// placeholder is left as written, so a test can find it.
func (v *vars) expand(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		key := s[i+1 : i+j]
		if val, ok := v.value(key); ok {
			b.WriteString(val)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

func (v *vars) value(key string) (string, bool) {
	itoa := strconv.Itoa
	switch key {
	case "unit":
		return v.unit, true
	case "org":
		return v.org, true
	case "biz":
		return v.biz, true
	case "biz2":
		return v.biz2, true
	case "proj":
		return v.proj, true
	case "fee":
		return v.fee, true
	case "appr":
		return v.appr, true
	case "hazard":
		return v.hazard, true
	case "aid":
		return v.aid, true
	case "y":
		return itoa(v.y), true
	case "y0":
		return itoa(v.y0), true
	case "n":
		return itoa(v.n), true
	case "m":
		return itoa(v.m), true
	case "m2":
		return itoa(v.m2), true
	case "rest":
		return itoa(v.n - v.m), true
	case "k":
		return itoa(v.k), true
	case "k2":
		return itoa(v.k2), true
	case "pct":
		return itoa(v.pct), true
	case "age":
		return itoa(v.age), true
	case "big":
		return itoa(v.big), true
	case "amt":
		return strconv.FormatFloat(v.amt, 'f', 1, 64), true
	case "amt3":
		return strconv.FormatFloat(v.amt3, 'f', 2, 64), true
	case "amt2":
		return itoa(v.amt2), true
	}
	return "", false
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// Invented names: common surnames and given names, combined at random.
var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
	givenNames = []string{"建国", "志刚", "海燕", "丽华", "明", "伟", "芳", "静", "磊", "洋", "勇", "军", "杰", "涛", "超", "平", "刚",
		"桂英", "秀兰", "晓东", "文博", "思远", "佳怡", "子涵", "振华", "国强", "红梅", "春燕", "卫东", "立新", "爱民", "永红",
		"德胜", "宏伟", "晓燕", "鹏", "辉", "敏", "婷", "琳", "浩然", "雨桐", "晨曦", "建华", "丽娟", "小龙", "海涛", "志强",
		"玉兰", "俊杰", "新华", "学军", "长青", "少华", "亚楠", "文静", "书豪", "梦瑶", "泽宇", "一鸣"}
)

// personName returns an invented name.
func personName(r *rand.Rand) string {
	return string(surnames[r.IntN(len(surnames))]) + givenNames[r.IntN(len(givenNames))]
}
