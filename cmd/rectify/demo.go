package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rectify-dev/rectify/internal/demo"
)

// runDemo builds a synthetic record (rectify demo generate).
func runDemo(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "generate" {
		return fmt.Errorf("%w: 用法 rectify demo generate --problems N [--units U] [--seed S] --db DB", errUsage)
	}
	fs := newFlags("demo generate", e)
	db := dbFlag(fs, e)
	problems := fs.Int("problems", 0, "问题数（必填）")
	units := fs.Int("units", 0, "单位数（默认每 500 个问题一个单位，至少 3 个）")
	seed := fs.Uint64("seed", 0, "随机种子；同一种子、同一日期生成同一份记录（默认 20240701）")
	asOf := dateFlag(fs, "as-of", "记录所围绕的日期 YYYY-MM-DD（默认今天）")
	truth := fs.String("truth", "", "把生成结果（规模、单位、埋设的雷同文本和数量）以 JSON 写到该文件")
	quiet := fs.Bool("quiet", false, "不在标准错误上显示进度条")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if *problems <= 0 || len(pos) > 0 {
		return fmt.Errorf("%w: rectify demo generate 需要 --problems N（N 大于 0）", errUsage)
	}
	if *units < 0 {
		return fmt.Errorf("%w: --units 不能为负数", errUsage)
	}
	size := demo.SizeFor(*problems, *units)
	size.Seed, size.Today = *seed, *asOf
	bar := newProgressBar(e.stderr, *problems, e.now)
	if !*quiet {
		size.Progress = bar.set
	}
	st, err := openStore(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	gen, err := demo.Generate(ctx, st, size)
	if !*quiet {
		bar.done(err == nil)
	}
	if errors.Is(err, demo.ErrNotEmpty) {
		return fmt.Errorf("数据库 %s 已有记录：demo generate 只写入空数据库", redactDSN(db()))
	}
	if err != nil {
		return fmt.Errorf("生成失败：%s", describe(err))
	}
	if *truth != "" {
		b, err := json.MarshalIndent(gen, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*truth, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("写入 %s：%w", *truth, err)
		}
	}
	fmt.Fprintf(e.stdout, "已生成 %d 个单位、%d 次巡察、%d 个问题，用时 %s\n", gen.Units, gen.Inspections, gen.Problems,
		bar.elapsed().Round(100*time.Millisecond))
	return nil
}

// progressBar draws how far a long job has got on one line of a terminal,
// at most five times a second.
type progressBar struct {
	w     io.Writer
	total int
	now   func() time.Time
	start time.Time
	last  time.Time
	n     int
	// finished is set when the job is over (the indexes built).
	finished bool
}

func newProgressBar(w io.Writer, total int, now func() time.Time) *progressBar {
	t := now()
	return &progressBar{w: w, total: total, now: now, start: t}
}

func (b *progressBar) elapsed() time.Duration { return b.now().Sub(b.start) }

func (b *progressBar) set(n int) {
	b.n = n
	if t := b.now(); t.Sub(b.last) >= 200*time.Millisecond || n >= b.total {
		b.last = t
		b.draw()
	}
}

func (b *progressBar) draw() {
	const width = 30
	frac := 0.0
	if b.total > 0 {
		frac = min(1, float64(b.n)/float64(b.total))
	}
	full := int(frac * width)
	secs := b.elapsed().Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(b.n) / secs
	}
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%%  %d/%d 个问题  %.0f 个/秒  %s ", strings.Repeat("█", full), strings.Repeat("░", width-full),
		100*frac, b.n, b.total, rate, b.elapsed().Round(time.Second))
	if b.n >= b.total && !b.finished {
		// The rows are in; the indexes are built next, which takes a while.
		fmt.Fprint(b.w, " 正在建立索引…")
	}
}

// done ends the bar's line.
func (b *progressBar) done(ok bool) {
	b.finished = true
	if ok {
		b.draw()
		fmt.Fprint(b.w, strings.Repeat(" ", 16)) // over the note on the indexes
	}
	fmt.Fprintln(b.w)
}
