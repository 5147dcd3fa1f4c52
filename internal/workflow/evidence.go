package workflow

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// Paper rectification (文字整改) is the commonest way a problem is closed
// without being fixed: the report says a meeting was held, a document
// issued or a text studied, and nothing about what changed. FlagEvidence
// finds such reports so that the reviewer sees them at sign-off; it does
// not refuse them (a meeting can be the right measure), it asks for a look.

// The kinds of formal-only evidence.
const (
	FlagMeeting  = "meeting"  // 只说明召开了会议
	FlagDocument = "document" // 只说明印发、下发或转发了文件
	FlagStudy    = "study"    // 只说明组织了学习
)

// processWords say that something formal happened, by kind; the kind of a
// report is that of the word it mentions first.
var processWords = []struct {
	kind  string
	words []string
}{
	{FlagMeeting, []string{"召开", "专题会", "座谈会", "推进会", "部署会", "动员会", "调度会", "党组会", "党委会",
		"办公会", "民主生活会", "组织生活会", "会议", "研究部署", "专题研究"}},
	{FlagDocument, []string{"印发", "下发", "转发", "出台", "制定", "发文", "通知", "文件"}},
	{FlagStudy, []string{"学习", "传达", "培训", "宣讲"}},
}

// outcomeWords say that a fact changed: money recovered, things removed,
// built, repaired, people dealt with, the case closed.
var outcomeWords = []string{
	"整改到位", "完成整改", "整改完成", "整改完毕", "全部完成", "清理", "清退", "清查出", "追回", "收回", "退还", "退回",
	"补缴", "退缴", "上缴", "收缴", "归还", "拆除", "修复", "更换", "安装", "建成", "改造", "关停", "取缔", "撤销",
	"注销", "纠正", "办结", "化解", "查处", "处分", "问责", "移交", "移送", "补办", "补录", "补齐", "挽回", "减少",
	"下降", "降至", "降低到", "提高到", "提升至", "提升到", "投入使用", "恢复", "清零", "销号", "验收", "已完成",
}

// notOutcomeAfter are what follows 已完成 when only the formal step is done
// (已完成学习, 已完成部署).
var notOutcomeAfter = []string{"学习", "传达", "培训", "部署", "会议", "印发", "下发", "转发"}

// quantity matches a number with a unit of things or money: 12辆, 4800元,
// 12.6万元, 30%. Counts of meetings, sessions and documents (次, 场, 期, 份
// of 文件) are not outcomes and are left out or checked around.
var quantity = regexp.MustCompile(`[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:万|亿)?\s*(?:元|人次|平方米|公里|千米|个|项|人|台|套|件|户|处|家|条|笔|米|亩|吨|辆|所|座|名|起|批|棵|株|份|%|％)`)

// participation, just before a number, says it counts who attended.
var participation = []string{"参会", "参加", "参学", "参训", "出席", "与会", "覆盖", "培训", "学习", "听课"}

// documentAfter, just after a number (or just before it), says it counts
// documents or meetings.
var documentAfter = []string{"文件", "通知", "方案", "意见", "办法", "制度", "简报", "会议", "次会"}

// formalFileWords in an evidence file's name say it records the formal
// step (minutes, sign-in sheets, notices); substanceFileWords that it
// shows a result (vouchers, contracts, before-and-after photos).
var (
	formalFileWords    = []string{"会议纪要", "会议记录", "签到", "会议照片", "会议材料", "通知", "文件", "方案", "学习记录", "学习笔记", "培训"}
	substanceFileWords = []string{"凭证", "发票", "收据", "票据", "合同", "验收", "台账", "清单", "回执", "缴款", "对比", "整改前后", "现场照片", "退款", "处分决定"}
)

// FlagEvidence reports whether a progress report, its text and the names
// of its evidence files, only says that a meeting was held, a document
// issued or a text studied, with no outcome, number or changed fact. It
// returns the kind (FlagMeeting, FlagDocument, FlagStudy) and a Chinese
// reason for the reviewer.
func FlagEvidence(text string, fileNames []string) (kind, reason string, flagged bool) {
	kind = processKind(text)
	formalFiles := false
	for _, n := range fileNames {
		if containsAny(n, formalFileWords) && !containsAny(n, substanceFileWords) {
			formalFiles = true
		}
		if containsAny(n, substanceFileWords) && !containsAny(n, formalFileWords) {
			return "", "", false
		}
	}
	if kind == "" && formalFiles {
		for _, n := range fileNames {
			if kind = processKind(n); kind != "" {
				break
			}
		}
		if kind == "" {
			kind = FlagMeeting
		}
	}
	if kind == "" || hasOutcome(text) {
		return "", "", false
	}
	what := map[string]string{FlagMeeting: "召开了会议", FlagDocument: "印发或转发了文件", FlagStudy: "组织了学习"}[kind]
	return kind, "只说明" + what + "，未写明整改的结果（数量、变化或办结情况），请核实是否为文字整改", true
}

// processKind returns the kind of the formal step text mentions first, or "".
func processKind(text string) string {
	kind, at := "", len(text)
	for _, p := range processWords {
		for _, w := range p.words {
			if i := strings.Index(text, w); i >= 0 && i < at {
				kind, at = p.kind, i
			}
		}
	}
	return kind
}

// hasOutcome reports whether text states a result: an outcome word, or a
// quantity that does not count attendance or documents.
func hasOutcome(text string) bool {
	for _, w := range outcomeWords {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			end := i + j + len(w)
			if w != "已完成" || !hasAnyPrefix(text[end:], notOutcomeAfter) {
				return true
			}
			i = end
		}
	}
	for _, loc := range quantity.FindAllStringIndex(text, -1) {
		before := lastRunes(text[:loc[0]], 6)
		if containsAny(before, participation) || containsAny(lastRunes(before, 3), documentAfter) {
			continue
		}
		if hasAnyPrefix(strings.TrimLeft(text[loc[1]:], "左右余多"), documentAfter) {
			continue
		}
		return true
	}
	return false
}

// EvidenceFlag is a progress report flagged for the reviewer.
type EvidenceFlag struct {
	ProgressID int64        `json:"progress_id"`
	Date       rectify.Date `json:"date"`
	Kind       string       `json:"kind"`
	Reason     string       `json:"reason"`
}

// FlagProgress returns the flags of a problem's progress reports, in order.
func FlagProgress(reports []*rectify.Progress) []EvidenceFlag {
	var out []EvidenceFlag
	for _, p := range reports {
		names := make([]string, len(p.Evidence))
		for i, e := range p.Evidence {
			names[i] = e.Name
		}
		if kind, reason, ok := FlagEvidence(p.Text, names); ok {
			out = append(out, EvidenceFlag{ProgressID: p.ID, Date: p.Date, Kind: kind, Reason: reason})
		}
	}
	return out
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) string {
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
		if n == 0 {
			return s[i:]
		}
	}
	return s
}
