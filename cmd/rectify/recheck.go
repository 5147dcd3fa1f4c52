package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// runRecheck draws a random sample of signed-off problems for on-site
// look-backs (rectify recheck sample).
func runRecheck(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "sample" {
		return fmt.Errorf("%w: 用法 rectify recheck sample --unit ID --count K [--seed S]", errUsage)
	}
	fs := newFlags("recheck sample", e)
	db := dbFlag(fs, e)
	unit := fs.Int64("unit", 0, "单位 ID：从该单位及其下级单位已销号的问题中抽取（必填）")
	count := fs.Int("count", 0, "抽取数量（必填）")
	seed := fs.Uint64("seed", 0, "随机种子；同一种子对同一记录抽出相同的问题。不给时按当前时间生成并输出")
	due := dateFlag(fs, "due", "回头看到期日期 YYYY-MM-DD（默认 30 天后）")
	dryRun := fs.Bool("dry-run", false, "只列出抽中的问题，不安排回头看")
	by := fs.String("by", "命令行", "记录为操作人")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if *unit == 0 || *count == 0 || len(pos) > 0 {
		return fmt.Errorf("%w: rectify recheck sample 需要 --unit 和 --count", errUsage)
	}
	seedSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			seedSet = true
		}
	})
	if !seedSet {
		*seed = uint64(e.now().UnixNano()) % 1000000
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	svc := workflow.New(st)
	svc.Now = e.now
	// The command line acts as an administrator of every unit.
	ctx = rectify.WithUser(ctx, &rectify.User{Name: strings.TrimSpace(*by), Role: rectify.RoleAdmin})
	in := workflow.SampleInput{UnitID: *unit, Count: *count, Seed: *seed, Due: *due}
	picked, total, err := svc.Sample(ctx, in)
	if err != nil {
		return fmt.Errorf("抽样失败：%s", describe(err))
	}
	fmt.Fprintf(e.stdout, "种子 %d：从 %d 个已销号问题中抽取 %d 个（用同一种子可复现本次抽样）\n", *seed, total, len(picked))
	if *dryRun {
		for _, p := range picked {
			fmt.Fprintf(e.stdout, "问题 #%d（编号 %d）%s\n", p.ID, p.Number, p.Title)
		}
		return nil
	}
	rcs, err := svc.DrawSample(ctx, in)
	if err != nil {
		return fmt.Errorf("抽样失败，未安排任何回头看：%s", describe(err))
	}
	byID := map[int64]*rectify.Problem{}
	for _, p := range picked {
		byID[p.ID] = p
	}
	for _, rc := range rcs {
		name := ""
		if p := byID[rc.ProblemID]; p != nil {
			name = fmt.Sprintf("（编号 %d）%s", p.Number, p.Title)
		}
		fmt.Fprintf(e.stdout, "问题 #%d%s：回头看 #%d，%s前完成\n", rc.ProblemID, name, rc.ID, rc.Due.Chinese())
	}
	return nil
}
