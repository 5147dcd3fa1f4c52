package notice

import (
	"strings"
	"testing"
)

func TestTitleLines(t *testing.T) {
	tests := []struct {
		name  string
		title string
		max   int
		want  []string
	}{
		{"fits on one line", "关于巡察整改进展情况的通报", 20, []string{"关于巡察整改进展情况的通报"}},
		{"issuer and subject", "中共青石县水利局党组关于巡察整改进展情况的通报", 20,
			[]string{"中共青石县水利局党组", "关于巡察整改进展情况的通报"}},
		{"a long subject after 关于", "关于县委第二轮常规巡察反馈意见集中整改进展情况的通报", 20,
			[]string{"关于县委第二轮常规巡察反馈意见", "集中整改进展情况的通报"}},
		{"issuer and 专项巡察", "中共青石县园林绿化服务中心委员会关于专项巡察整改进展情况的通报", 20,
			[]string{"中共青石县园林绿化服务中心委员会", "关于专项巡察整改进展情况的通报"}},
		{"three lines", "中共青石县城乡建设投资集团有限责任公司委员会关于县委第三巡察组专项巡察反馈意见整改落实情况的通报", 20,
			[]string{"中共青石县城乡建设投资集团", "有限责任公司委员会关于县委第三巡察组", "专项巡察反馈意见整改落实情况的通报"}},
		{"a year stays whole", "关于2023年度巡察整改进展情况的通报", 12,
			[]string{"关于2023年度巡察", "整改进展情况的通报"}},
		{"no boundary known: even lines", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", 12,
			[]string{"甲乙丙丁戊己庚辛壬癸子", "丑寅卯辰巳午未申酉戌亥"}},
		{"the seed's shape, 巡察整改 kept whole", "中共某市园林绿化中心委员会关于巡察整改进展情况的通报", 20,
			[]string{"中共某市园林绿化中心委员会", "关于巡察整改进展情况的通报"}},
		{"empty", "", 20, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TitleLines(tt.title, tt.max)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("TitleLines(%q, %d) =\n  %q\nwant\n  %q", tt.title, tt.max, got, tt.want)
			}
			if strings.Join(got, "") != tt.title {
				t.Errorf("the lines do not hold the title: %q", got)
			}
		})
	}
}

// TestTitleLinesNeverInsideAWord: for titles of real shape and every
// width, no line ends inside a word of the lexicon.
func TestTitleLinesNeverInsideAWord(t *testing.T) {
	titles := []string{
		"中共青石县水利局党组关于巡察整改进展情况的通报",
		"中共青石县园林绿化服务中心委员会关于巡察整改进展情况的通报",
		"中共青石县委巡察工作领导小组办公室关于县委第四轮巡察集中整改进展情况的通报",
		"青石县人民政府办公室党组关于落实县委专项巡察反馈意见整改进展情况的通报",
	}
	for _, title := range titles {
		for width := 8; width <= 24; width++ {
			lines := TitleLines(title, width)
			for i := 0; i+1 < len(lines); i++ {
				a, b := []rune(lines[i]), []rune(lines[i+1])
				joint := string(a[len(a)-1:]) + string(b[:1])
				for _, w := range []string{"情况", "整改", "巡察", "进展", "通报", "关于", "委员会", "党组", "办公室"} {
					if strings.Contains(string(a[max(0, len(a)-len([]rune(w))+1):])+string(b[:min(len(b), len([]rune(w))-1)]), w) &&
						!strings.HasSuffix(lines[i], w) && !strings.HasPrefix(lines[i+1], w) {
						t.Errorf("width %d: %q broken inside %s (at %s): %q", width, title, w, joint, lines)
					}
				}
			}
			for _, l := range lines {
				if w := len([]rune(l)); w > width {
					t.Errorf("width %d: line %q is %d wide", width, l, w)
				}
			}
		}
	}
}

func FuzzTitleLines(f *testing.F) {
	f.Add("中共青石县水利局党组关于巡察整改进展情况的通报", 20)
	f.Add("（一）abc，。", 3)
	f.Fuzz(func(t *testing.T, title string, width int) {
		width = width%40 + 1
		if width < 1 {
			width = -width + 1
		}
		lines := TitleLines(title, width)
		squeeze := func(s string) string { return strings.Join(strings.Fields(string([]rune(s))), "") }
		if squeeze(strings.Join(lines, "")) != squeeze(title) {
			t.Errorf("lines %q lose text of %q", lines, title)
		}
	})
}
