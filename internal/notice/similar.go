package notice

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	rectify "github.com/rectify-dev/rectify"
)

// bigrams returns the sorted character bigrams of s, punctuation and spaces
// left out: the fingerprint used to compare Chinese texts.
func bigrams(s string) []uint64 {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	if len(rs) < 2 {
		if len(rs) == 1 {
			return []uint64{uint64(rs[0])}
		}
		return nil
	}
	out := make([]uint64, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, uint64(rs[i])<<32|uint64(rs[i+1]))
	}
	slices.Sort(out)
	return out
}

// dice returns the Dice coefficient of two sorted bigram multisets: 1 for
// the same text, 0 for texts without a bigram in common.
func dice(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// diceBound is the highest Dice coefficient two multisets of sizes a and b
// can have.
func diceBound(a, b int) float64 {
	if a+b == 0 {
		return 0
	}
	return 2 * float64(min(a, b)) / float64(a+b)
}

// Similarity returns how alike two texts are, from 0 to 1, by their
// character bigrams (punctuation and spaces ignored).
func Similarity(a, b string) float64 { return dice(bigrams(a), bigrams(b)) }

// The thresholds above which two problems count as the same.
const (
	titleSimilar   = 0.75 // titles, or a title and a sub-issue heading
	measureSimilar = 0.75 // the measures of a problem, or of one of its groups
	minMeasureLen  = 20   // bigrams a block of measures needs to be compared

	maxCompared       = 400 // problems compared pairwise
	maxDuplicatesEach = 3   // duplicates reported for one problem
)

// problemPrint is what duplicate detection compares of a problem.
type problemPrint struct {
	pr     *Problem
	title  []uint64
	blocks []measureBlock
}

// measureBlock is the measures of a problem, or of one group of them.
type measureBlock struct {
	group string
	print []uint64
	title []uint64 // of the group heading without 关于 and 的问题
}

func printProblem(pr *Problem) problemPrint {
	pp := problemPrint{pr: pr, title: bigrams(pr.Title)}
	var all strings.Builder
	groups := map[string]*strings.Builder{}
	var order []string
	for _, m := range pr.Measures {
		all.WriteString(m.Text)
		if m.Group == "" {
			continue
		}
		b := groups[m.Group]
		if b == nil {
			b = &strings.Builder{}
			groups[m.Group] = b
			order = append(order, m.Group)
		}
		b.WriteString(m.Text)
	}
	pp.blocks = append(pp.blocks, measureBlock{print: bigrams(all.String())})
	if len(order) > 1 {
		for _, g := range order {
			pp.blocks = append(pp.blocks, measureBlock{group: g, print: bigrams(groups[g].String()), title: bigrams(groupSubject(g))})
		}
	}
	return pp
}

// checkDuplicates finds problems listed twice: the same or nearly the same
// title, or nearly the same measures (all of them, or one group's). It
// reports on the later problem and names both.
func checkDuplicates(d *Document) []Warning {
	var prints []problemPrint
	for fi := range d.Findings {
		for k := range d.Findings[fi].Problems {
			prints = append(prints, printProblem(&d.Findings[fi].Problems[k]))
		}
	}
	var ws []Warning
	if len(prints) > maxCompared {
		// Real notices list tens of problems; in a huge input only
		// identical titles are looked for, so that it stays fast.
		first := map[string]int{}
		for j, b := range prints {
			if i, ok := first[b.pr.Title]; ok && b.pr.Title != "" {
				if w, ok := duplicate(prints[i], b); ok {
					ws = append(ws, w)
				}
				continue
			}
			first[b.pr.Title] = j
		}
		return ws
	}
	for j := 1; j < len(prints); j++ {
		found := 0
		for i := 0; i < j && found < maxDuplicatesEach; i++ {
			if w, ok := duplicate(prints[i], prints[j]); ok {
				ws = append(ws, w)
				found++
			}
		}
	}
	return ws
}

// duplicate compares an earlier problem a with a later one b and returns
// the finding for b when they look like the same problem.
func duplicate(a, b problemPrint) (Warning, bool) {
	reason := ""
	if a.pr.Title != "" && (a.pr.Title == b.pr.Title || (len(a.title) >= 5 && len(b.title) >= 5 && dice(a.title, b.title) >= titleSimilar)) {
		reason = fmt.Sprintf("标题相近（相似度%d%%）", percent(dice(a.title, b.title)))
	} else if sim, ga, gb := bestBlock(a, b); sim >= measureSimilar {
		reason = fmt.Sprintf("%s与%s几乎相同（相似度%d%%）", blockRef(a.pr, ga), blockRef(b.pr, gb), percent(sim))
	} else if sim, g, x := groupTitle(a, b); sim >= titleSimilar {
		reason = fmt.Sprintf("问题%s的标题与问题%s的“%s”相近（相似度%d%%）", problemRef(x.pr), problemRef(otherOf(a, b, x).pr), clip(g), percent(sim))
	}
	if reason == "" {
		return Warning{}, false
	}
	msg := fmt.Sprintf("问题%s“%s”与问题%s“%s”像是同一个问题：%s", problemRef(b.pr), clip(b.pr.Title), problemRef(a.pr), clip(a.pr.Title), reason)
	if a.pr.Status != b.pr.Status || a.pr.StatusClass != b.pr.StatusClass {
		msg += fmt.Sprintf("，但整改结果不同：问题%s为“%s”，问题%s为“%s”", problemRef(a.pr), statusLabel(a.pr), problemRef(b.pr), statusLabel(b.pr))
	} else {
		msg += "，同一问题不应列出两次"
	}
	return Warning{Line: b.pr.Line, Code: CodeDuplicateProblem, Message: msg}, true
}

// blockRef names a block of measures: 问题4“关于…的问题”下的整改措施.
func blockRef(pr *Problem, group string) string {
	if group == "" {
		return "问题" + problemRef(pr) + "的整改措施"
	}
	return "问题" + problemRef(pr) + "“" + clip(group) + "”下的整改措施"
}

// groupTitle compares the title of each problem with the group headings of
// the other's measures (the sub-issues it lists). It returns the best
// similarity, that heading and the problem whose title matched.
func groupTitle(a, b problemPrint) (float64, string, problemPrint) {
	best, heading, who := 0.0, "", a
	for _, pair := range [][2]problemPrint{{a, b}, {b, a}} {
		x, y := pair[0], pair[1]
		if len(x.title) < 5 {
			continue
		}
		for _, blk := range y.blocks {
			if blk.group == "" || len(blk.title) < 5 {
				continue
			}
			if s := dice(x.title, blk.title); s > best {
				best, heading, who = s, blk.group, x
			}
		}
	}
	return best, heading, who
}

func otherOf(a, b, x problemPrint) problemPrint {
	if x.pr == a.pr {
		return b
	}
	return a
}

// bestBlock returns the highest similarity between a block of a's measures
// and a block of b's, and the groups of the two blocks.
func bestBlock(a, b problemPrint) (float64, string, string) {
	best, ga, gb := 0.0, "", ""
	for _, x := range a.blocks {
		if len(x.print) < minMeasureLen {
			continue
		}
		for _, y := range b.blocks {
			if len(y.print) < minMeasureLen {
				continue
			}
			if diceBound(len(x.print), len(y.print)) <= best || diceBound(len(x.print), len(y.print)) < measureSimilar {
				continue // too different in length to be alike
			}
			if s := dice(x.print, y.print); s > best {
				best, ga, gb = s, x.group, y.group
			}
		}
	}
	return best, ga, gb
}

// groupSubject strips a group heading to its subject: 关于X的问题 → X.
func groupSubject(g string) string {
	for _, p := range []string{"关于", "针对"} {
		g = strings.TrimPrefix(g, p)
	}
	for _, q := range []string{"的问题", "问题", "方面的", "方面"} {
		g = strings.TrimSuffix(g, q)
	}
	return g
}

func percent(f float64) int { return int(f*100 + 0.5) }

// statusLabel writes a problem's result as the notice would.
func statusLabel(pr *Problem) string {
	if pr.Status == "" {
		if pr.StatusText != "" {
			return pr.StatusText
		}
		return "无"
	}
	return rectify.Status(pr.Status).LabelWithClass(pr.StatusClass)
}
