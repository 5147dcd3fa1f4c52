package notice

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSummaryLines reads any paragraph as summary lines: no panic, every
// line with a total, no negative count, its text a part of the paragraph.
func FuzzSummaryLines(f *testing.F) {
	for _, s := range []string{
		"截至2023年11月30日，巡察反馈的318个问题，已完成整改301个，基本完成并持续整改9个，未完成8个，整改完成率94.65%。",
		"第一轮反馈问题共142个，已完成整改131个；第二轮反馈问题共96个，已完成70个，申请延期整改2个。",
		"对照反馈的4个方面问题，梳理形成整改任务186项，已完成或基本完成167项，正在推进19项，其中需长期坚持的12项。",
		"交办信访件100000件，已办结99612件，阶段性办结388件，办结率99.61%。",
		"反馈的3个问题已全部完成整改。剩余12个问题正在按计划推进。",
		"共召开会议38次，完善制度589项，处分7人。", "", "。；;", "1个2项3件4条",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 || !utf8.ValidString(s) {
			return
		}
		for _, l := range readSummaryLines(s, 7) {
			if l.Total == nil || l.Line != 7 || !strings.Contains(s, strings.TrimSpace(l.Text)) {
				t.Fatalf("line %+v of %q", l, s)
			}
			for _, p := range []*int{l.Total, l.Areas, l.Completed, l.CompletedOrMostly, l.MostlyCompleted, l.InProgress,
				l.NotCompleted, l.NotStarted, l.Deferred, l.LongTerm, l.Closed, l.OnSchedule, l.Submitted} {
				if p != nil && *p < 0 {
					t.Fatalf("negative count in %+v", l)
				}
			}
			_ = checkSummaryLine(l)
		}
	})
}

// FuzzPageMeta reads any line as a metadata row: no panic, the hits in
// order and inside the line.
func FuzzPageMeta(f *testing.F) {
	for _, s := range []string{
		"发布时间：2024-05-09 16:20　来源：县自然资源局　浏览次数：1024　字号：[大 中 小]",
		"公开责任部门 | 青溪县自然资源局 | 成文日期： | 2024-05-08",
		"当前位置：首页 > 政务公开 > 其他", "成文日期", "来源：", ":|:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 {
			return
		}
		prev := -1
		for _, h := range metaHits(s) {
			if h.at <= prev || h.valueAt < h.at || h.valueAt > len(s) {
				t.Fatalf("hit %+v out of order or place in %q", h, s)
			}
			prev = h.at
		}
		var m pageMeta
		m.dateRank, m.issuerK = len(pageLabels), len(pageLabels)
		if metaLabelsIn(s) {
			m.read(s)
		}
		_ = isBreadcrumb(s)
		_ = isFurniture(s)
	})
}

// FuzzFold folds any text: the length in bytes and in runes is kept (so
// offsets hold), folding twice changes nothing, and the unfolder learnt
// from a text gives it back.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"關於縣委巡察反饋意見整改進展情況的通報", "已完成整改", "後", "abc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got, _ := foldTraditional(s)
		if len(got) != len(s) || utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("fold changed the length: %q → %q", s, got)
		}
		if again, changed := foldTraditional(got); changed || again != got {
			t.Fatalf("folding twice changed %q", got)
		}
		if u := newUnfolder([]string{s}, []string{got}); u.str(got) != s && !ambiguousFold(s) {
			t.Fatalf("unfold(%q) = %q, want %q", got, u.str(got), s)
		}
	})
}

// ambiguousFold reports whether s holds a simplified character both as
// written and folded from a traditional one, or two traditional forms of
// one character (裡 and 裏): no unfolder gives those back exactly.
func ambiguousFold(s string) bool {
	from := map[rune]rune{}
	for _, r := range s {
		f, ok := tradFold[r]
		if !ok {
			f = r
		}
		if prev, seen := from[f]; seen && prev != r {
			return true
		}
		from[f] = r
	}
	return false
}

func TestFoldTable(t *testing.T) {
	rs := []rune(tradPairs)
	if len(rs)%2 != 0 {
		t.Fatal("the table has an odd number of characters")
	}
	for i := 0; i < len(rs); i += 2 {
		if utf8.RuneLen(rs[i]) != utf8.RuneLen(rs[i+1]) {
			t.Errorf("%c → %c changes the UTF-8 length", rs[i], rs[i+1])
		}
		if _, twice := tradFold[rs[i+1]]; twice {
			t.Errorf("%c folds to %c, which folds again", rs[i], rs[i+1])
		}
	}
	tests := []struct{ in, want string }{
		{"關於縣委巡察反饋意見整改進展情況的通報", "关于县委巡察反馈意见整改进展情况的通报"},
		{"已完成整改", "已完成整改"},
		{"長期整改Ⅰ類", "长期整改Ⅰ类"},
	}
	for _, tt := range tests {
		if got, _ := foldTraditional(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
