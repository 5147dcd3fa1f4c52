package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// runAudit checks the audit log (rectify audit verify) or prints the
// history of a problem (rectify audit log --problem ID).
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: rectify audit 需要子命令 verify 或 log", errUsage)
	}
	switch args[0] {
	case "verify":
		return runAuditVerify(ctx, e, args[1:])
	case "log":
		return runAuditLog(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: rectify audit 的子命令应为 verify 或 log，收到 %q", errUsage, args[0])
}

// runAuditVerify checks the chain of the audit log and every row of the
// record against it, prints what it found in Chinese (or as JSON), and
// exits 1 when anything is off.
func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags("audit verify", e)
	db := dbFlag(fs, e)
	asJSON := fs.Bool("json", false, "以 JSON 输出核查结果")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify audit verify 不接受参数 %s", errUsage, strings.Join(pos, " "))
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("核查审计日志失败：%w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			OK bool `json:"ok"`
			*store.AuditReport
		}{r.OK(), r}); err != nil {
			return err
		}
	} else {
		printAuditReport(e.stdout, r)
	}
	if !r.OK() {
		return &exitError{1, errSilent}
	}
	return nil
}

// printAuditReport writes the report for people.
func printAuditReport(w io.Writer, r *store.AuditReport) {
	fmt.Fprintf(w, "审计日志共 %d 条，链头为第 %d 条，哈希 %s\n", r.Entries, r.HeadSeq, shortHash(r.HeadHash))
	fmt.Fprintf(w, "已与审计日志核对记录 %d 行。\n", r.Rows)
	if r.OK() {
		fmt.Fprintln(w, "审计日志完整，记录与日志一致。")
		fmt.Fprintln(w, "（可记下链头哈希，日后再核查时比对：链头若变了而日志只应增加，前面的条目就不应有任何改动。）")
		return
	}
	if first := r.FirstBroken(); first != nil {
		fmt.Fprintf(w, "审计日志自第 %d 条起不可信。\n", first.Seq)
	}
	fmt.Fprintf(w, "发现 %d 处不符：\n", len(r.Issues))
	for _, is := range r.Issues {
		fmt.Fprintln(w, "  "+is.Message)
	}
}

// shortHash shortens a hash for display ("" for none).
func shortHash(h string) string {
	if h == "" {
		return "（空）"
	}
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

// runAuditLog prints the history of a problem from the audit log.
func runAuditLog(ctx context.Context, e *env, args []string) error {
	fs := newFlags("audit log", e)
	db := dbFlag(fs, e)
	problem := fs.Int64("problem", 0, "问题 ID（必填）")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *problem == 0 || len(pos) > 0 {
		return fmt.Errorf("%w: 用法 rectify audit log --problem ID [--db DB]", errUsage)
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	hist, err := st.ProblemHistory(ctx, *problem)
	if err != nil {
		return err
	}
	if len(hist) == 0 {
		return fmt.Errorf("审计日志中没有问题 #%d 的记录", *problem)
	}
	for _, en := range hist {
		it := workflow.Describe(en)
		on := ""
		if !it.On.IsZero() {
			on = "（发生日期 " + it.On.String() + "）"
		}
		fmt.Fprintf(e.stdout, "#%d 记录时间 %s %s：%s%s\n", it.Seq, it.At.Local().Format("2006-01-02 15:04:05"), it.Actor, it.Summary, on)
		for _, c := range it.Changes {
			fmt.Fprintf(e.stdout, "    %s：%s → %s\n", c.Label, orDash(c.Before), orDash(c.After))
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
