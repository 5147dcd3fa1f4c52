package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify/internal/demo"
	"github.com/rectify-dev/rectify/internal/similar"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// runSimilar prints the clusters of copied texts (照搬照抄) of the record
// or of a unit's subtree.
func runSimilar(ctx context.Context, e *env, args []string) error {
	fs := newFlags("similar", e)
	db := dbFlag(fs, e)
	unit := fs.Int64("unit", 0, "单位 ID：只比对该单位及其下级单位的巡察（默认全部）")
	least := fs.Float64("min", 0, "相似度下限，0 到 1（默认 0.85：措施、进展改动几个字仍算雷同）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	save := fs.Bool("save", false, "分析全部记录并保存结果，供网页“质量分析”和问题页的提示使用（不能与 --unit、--min 同用）")
	truth := fs.String("truth", "", "rectify demo generate --truth 写出的 JSON 文件：把找到的雷同与其中埋设的对照，给出精确率和召回率（不能与 --unit 同用）")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify similar 不接受位置参数 %q", errUsage, pos[0])
	}
	if *least < 0 || *least > 1 {
		return fmt.Errorf("%w: --min 应在 0 到 1 之间，收到 %g", errUsage, *least)
	}
	if *save && (*unit != 0 || *least != 0) {
		return fmt.Errorf("%w: --save 分析全部记录，按默认相似度保存，不能与 --unit 或 --min 同用", errUsage)
	}
	if *truth != "" && *unit != 0 {
		return fmt.Errorf("%w: --truth 对照的是全部记录中埋设的雷同，不能与 --unit 同用", errUsage)
	}
	var known []similar.Group
	if *truth != "" {
		if known, err = readPlanted(*truth); err != nil {
			return err
		}
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	in := workflow.SimilarInput{Min: *least}
	if *unit != 0 {
		u, err := st.GetUnit(ctx, *unit)
		if err != nil {
			return fmt.Errorf("单位 %d：%s", *unit, describe(err))
		}
		in.ScopePath = u.Path
	}
	var rep *workflow.SimilarReport
	if *save {
		rep, err = workflow.RebuildSimilar(ctx, st, e.now())
	} else {
		rep, err = workflow.FindSimilar(ctx, st, in)
	}
	if err != nil {
		return fmt.Errorf("相似分析失败：%s", describe(err))
	}
	var score *similar.Score
	if *truth != "" {
		sc := workflow.ScoreSimilar(rep, known)
		score = &sc
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			*workflow.SimilarReport
			Score *similar.Score `json:"score,omitempty"`
		}{rep, score})
	}
	fmt.Fprintf(e.stdout, "比对 %d 段文字（相似度 ≥ %.2f），发现 %d 组雷同\n", rep.Texts, rep.Min, len(rep.Clusters))
	if *save {
		fmt.Fprintln(e.stdout, "已保存，网页“质量分析”显示本次结果")
	}
	for i, c := range rep.Clusters {
		n := len(c.MeasureIDs) + len(c.ProgressIDs)
		if n == 0 {
			n = len(c.InspectionIDs)
		}
		fmt.Fprintf(e.stdout, "\n%d. %s：%d 段，%d 个问题，%d 个单位，相似度 %.2f\n", i+1, c.Kind.Label(), n, len(c.ProblemIDs), c.Units, c.Score)
		for _, t := range c.Texts {
			where := t.UnitName
			if t.ProblemID != 0 {
				where += fmt.Sprintf(" 问题 #%d（编号 %d）", t.ProblemID, t.ProblemNumber)
			} else {
				where += fmt.Sprintf(" 巡察 #%d", t.InspectionID)
			}
			fmt.Fprintf(e.stdout, "   %s：%s\n", where, clip(t.Text, 80))
			if c.Kind == workflow.RestatesProblem {
				fmt.Fprintf(e.stdout, "   问题表述：%s\n", clip(t.ProblemText, 80))
			}
		}
		if len(c.Texts) < n {
			fmt.Fprintf(e.stdout, "   ……另有 %d 段\n", n-len(c.Texts))
		}
	}
	if score != nil {
		printScore(e.stdout, *truth, score)
	}
	return nil
}

// readPlanted returns the clusters planted in a generated record, read
// from the file rectify demo generate --truth wrote.
func readPlanted(name string) ([]similar.Group, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("读取 %s：%w", name, err)
	}
	var gen struct {
		Planted *[]demo.PlantedCluster `json:"planted"`
	}
	if err := json.Unmarshal(b, &gen); err != nil || gen.Planted == nil {
		return nil, fmt.Errorf("%s 不是 rectify demo generate --truth 写出的文件（没有 planted）", name)
	}
	return demo.PlantedGroups(*gen.Planted), nil
}

// printScore prints how the clusters found match those planted, in all
// and by kind.
func printScore(w io.Writer, truth string, s *similar.Score) {
	fmt.Fprintf(w, "\n对照 %s 中埋设的雷同：精确率 %.3f（找到 %d 组，%d 组与埋设的相符），召回率 %.3f（埋设 %d 组，找到 %d 组）\n",
		truth, s.Precision, s.Found, s.Right, s.Recall, s.Known, s.Matched)
	for _, k := range s.Kinds {
		fmt.Fprintf(w, "   %s：找到 %d 组，相符 %d 组，精确率 %.3f；埋设 %d 组，找到 %d 组，召回率 %.3f\n",
			workflow.CopyKind(k.Kind).Label(), k.Found, k.Right, k.Precision, k.Known, k.Matched, k.Recall)
	}
}

// clip returns s on one line, cut to n characters with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "……"
}
