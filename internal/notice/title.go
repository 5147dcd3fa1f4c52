package notice

import (
	"math"
	"strings"
	"unicode"
)

// TitleLines breaks a title into the lines the official layout sets it
// in (GB/T 9704: a title of more than one line is set in balanced lines,
// broken where the meaning allows, never inside a word): each line at most
// maxChars wide (a Chinese character 1, a Latin letter or digit ½), as few
// lines as that allows, broken at the best phrase boundaries — before 关于,
// after the issuer's name (…委员会, …党组), before 巡察, 整改, 进展情况, 的通报
// — with lines as even as those boundaries make them. A title that fits
// on one line is one line. The .docx, the PDF and the page all set titles
// by it.
func TitleLines(title string, maxChars int) []string {
	title = strings.TrimSpace(title)
	rs := []rune(title)
	if len(rs) == 0 || maxChars <= 0 {
		return []string{title}
	}
	widths := make([]float64, len(rs)+1) // widths[i]: width of rs[:i]
	for i, r := range rs {
		widths[i+1] = widths[i] + runeWidth(r)
	}
	total := widths[len(rs)]
	limit := float64(maxChars)
	if total <= limit {
		return []string{title}
	}
	score := breakScores(rs)
	// The fewest lines that fit, then one more if no break allows that many.
	for lines := int(math.Ceil(total / limit)); lines <= len(rs); lines++ {
		if cuts := bestCuts(rs, widths, score, lines, limit); cuts != nil {
			out := make([]string, 0, lines)
			prev := 0
			for _, c := range append(cuts, len(rs)) {
				out = append(out, strings.TrimSpace(string(rs[prev:c])))
				prev = c
			}
			return out
		}
	}
	return []string{title}
}

// runeWidth is the width of r in Chinese characters.
func runeWidth(r rune) float64 {
	if r < 0x2E80 && !unicode.Is(unicode.Han, r) {
		return 0.5
	}
	return 1
}

// forbidden marks a position where a title must not break.
var forbidden = math.Inf(-1)

// breakScores returns, for each position i (a break before rs[i]), how
// good a place it is: forbidden inside a known word, a number or a Latin
// word, before a closing mark or after an opening one; high at phrase
// boundaries; low (but allowed) between two characters of unknown words.
func breakScores(rs []rune) []float64 {
	s := make([]float64, len(rs)+1)
	text := string(rs)
	at := func(i int) string { return string(rs[i:]) }
	before := func(i int) string { return string(rs[:i]) }
	for i := 1; i < len(rs); i++ {
		s[i] = unknownBreak
		a, b := rs[i-1], rs[i]
		switch {
		case strings.ContainsRune(noBreakBefore, b), strings.ContainsRune(noBreakAfter, a):
			s[i] = forbidden
			continue
		case wordish(a) && wordish(b):
			s[i] = forbidden
			continue
		}
		for _, p := range breakBefore {
			if strings.HasPrefix(at(i), p.text) && p.score > s[i] {
				s[i] = p.score
			}
		}
		for _, p := range breakAfter {
			if strings.HasSuffix(before(i), p.text) && p.score > s[i] {
				s[i] = p.score
			}
		}
	}
	// Inside a known word: never, whatever the boundaries around it say.
	for _, w := range titleWords {
		for from := 0; ; {
			k := strings.Index(text[from:], w)
			if k < 0 {
				break
			}
			start := len([]rune(text[:from+k]))
			for j := start + 1; j < start+len([]rune(w)); j++ {
				s[j] = forbidden
			}
			from += k + len(w)
		}
	}
	return s
}

// wordish reports whether r belongs to a run that stays whole: Latin
// letters, digits and the marks inside numbers.
func wordish(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-/", r)) ||
		strings.ContainsRune("０１２３４５６７８９", r)
}

// Marks that may not start or end a line of a title.
const (
	noBreakBefore = "，。、；：？！）】》」』〉〕”’…—·％%,.;:!?)]}"
	noBreakAfter  = "（【《「『〈〔“‘([{"
)

// unknownBreak is the score of a break between two characters that no rule
// knows: allowed, as a last resort, since it may fall inside a word.
const unknownBreak = -8

type breakRule struct {
	text  string
	score float64
}

// breakBefore are the phrases a line may start with, and how good a start
// each is.
var breakBefore = []breakRule{
	{"关于", 10},
	{"巡察", 6}, {"专项巡察", 7}, {"机动巡察", 7}, {"延伸巡察", 7}, {"提级巡察", 7}, {"交叉巡察", 7}, {"巡视", 6},
	{"整改", 4}, {"落实", 4}, {"集中整改", 5},
	{"进展情况", 3}, {"情况的通报", 1}, {"的通报", 2}, {"的报告", 2}, {"的公告", 2},
	{"反馈意见", 4}, {"第", 2}, {"对", 1},
}

// breakAfter are the words a line may end with, and how good an end each
// is: the issuer's name ends at 委员会, 党组, 党委 …
var breakAfter = []breakRule{
	{"委员会", 9}, {"党组", 9}, {"党委", 9}, {"党工委", 9}, {"党总支", 9}, {"党支部", 9}, {"总支部", 9}, {"支部", 7},
	{"纪委", 8}, {"监委", 8}, {"政府", 8}, {"办公室", 7}, {"管委会", 8},
	{"关于", 5},
	{"省", 3}, {"市", 3}, {"县", 3}, {"区", 3}, {"州", 3}, {"旗", 3}, {"乡", 3}, {"镇", 3}, {"街道", 3},
	{"局", 3}, {"中心", 3}, {"公司", 3}, {"集团", 3}, {"医院", 3}, {"学校", 3}, {"大学", 3}, {"学院", 3},
	{"巡察组", 6}, {"巡察", 2}, {"整改", 2}, {"工作", 2},
}

// titleWords are words that no line breaks inside, the words of notice
// titles: those of the work, of issuers and of units.
var titleWords = []string{
	"中共", "委员会", "党组", "党委", "党工委", "党总支", "党支部", "总支部", "纪律检查", "监察委员会",
	"关于", "巡察", "巡视", "专项", "机动", "延伸", "提级", "交叉", "整改", "进展", "情况", "通报", "报告", "公告",
	"反馈", "意见", "落实", "集中", "工作", "问题", "阶段性", "回头看",
	"人民", "政府", "办公室", "管理", "管委会", "中心", "公司", "集团", "有限", "责任", "股份", "医院", "学校", "大学", "学院",
	"教育", "卫生", "健康", "交通", "运输", "水利", "水务", "自然", "资源", "住房", "城乡", "建设", "财政", "审计", "税务",
	"公安", "司法", "民政", "人力", "社会", "保障", "农业", "农村", "林业", "园林", "绿化", "生态", "环境", "市场", "监督",
	"应急", "文化", "旅游", "体育", "科技", "工业", "信息", "商务", "统计", "医疗", "保险", "退役", "军人", "事务",
	"发展", "改革", "规划", "城市", "街道", "社区", "乡镇", "机关", "事业", "单位", "国有", "企业",
	"第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十",
}

// maxTitleRunes bounds the title that is broken by phrase: a longer one
// (no real title) is cut by width alone, in bounded time.
const maxTitleRunes = 400

// bestCuts returns the positions where the lines of rs start (the first
// excepted) when set in exactly lines lines of at most limit, the cuts
// chosen for the best sum of break scores and the evenest lines; nil when
// no such cuts exist.
func bestCuts(rs []rune, widths, score []float64, lines int, limit float64) []int {
	n := len(rs)
	if n > maxTitleRunes {
		var cuts []int
		start := 0
		for i := 1; i <= n; i++ {
			if widths[i]-widths[start] > limit {
				cuts = append(cuts, i-1)
				start = i - 1
			}
		}
		return cuts
	}
	avg := widths[n] / float64(lines)
	lineCost := func(from, to int) float64 {
		w := widths[to] - widths[from]
		if w > limit {
			return math.Inf(1)
		}
		d := w - avg
		return d * d
	}
	breakCost := func(i int) float64 {
		if math.IsInf(score[i], -1) {
			return math.Inf(1)
		}
		return (10 - score[i]) * 1.5
	}
	inf := math.Inf(1)
	// cost[k][i]: the best cost of rs[:i] in k+1 lines, the last ending at i.
	cost := make([][]float64, lines)
	from := make([][]int, lines)
	for k := range cost {
		cost[k] = make([]float64, n+1)
		from[k] = make([]int, n+1)
		for i := range cost[k] {
			cost[k][i] = inf
		}
	}
	for i := 1; i <= n; i++ {
		cost[0][i] = lineCost(0, i)
	}
	for k := 1; k < lines; k++ {
		for i := k + 1; i <= n; i++ {
			for j := k; j < i; j++ {
				if cost[k-1][j] == inf {
					continue
				}
				c := cost[k-1][j] + breakCost(j) + lineCost(j, i)
				if c < cost[k][i] {
					cost[k][i], from[k][i] = c, j
				}
			}
		}
	}
	if cost[lines-1][n] == inf {
		return nil
	}
	cuts := make([]int, lines-1)
	for k, i := lines-1, n; k > 0; k-- {
		i = from[k][i]
		cuts[k-1] = i
	}
	return cuts
}
