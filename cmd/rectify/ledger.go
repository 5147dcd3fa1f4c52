package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// runLedger runs "ledger export" and "ledger import".
func runLedger(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: rectify ledger 需要子命令 export 或 import", errUsage)
	}
	switch args[0] {
	case "export":
		return runLedgerExport(ctx, e, args[1:])
	case "import":
		return runLedgerImport(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: 未知的子命令 rectify ledger %q，应为 export 或 import", errUsage, args[0])
}

// runLedgerExport writes the ledger of one inspection, of a unit and its
// subordinate units, or of every inspection, as .xlsx.
func runLedgerExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("ledger export", e)
	db := dbFlag(fs, e)
	id := fs.Int64("inspection", 0, "只导出这次巡察；不给时导出全部巡察")
	unitID := fs.Int64("unit", 0, "只导出这个单位及其下属单位的巡察")
	out := fs.String("o", "", "写到文件（写到终端时必须给出）；不给时写到标准输出")
	asOfFlag := dateFlag(fs, "as-of", "预警灯的计算日期 YYYY-MM-DD；默认今天")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify ledger export 不接受位置参数 %q", errUsage, pos[0])
	}
	if *id != 0 && *unitID != 0 {
		return fmt.Errorf("%w: --inspection 和 --unit 只能给一个", errUsage)
	}
	if *out == "" && isTerminal(e.stdout) {
		return fmt.Errorf("%w: 不能把 .xlsx 文件写到终端，请用 -o 文件名 指定输出文件，或重定向到文件", errUsage)
	}
	asOf := *asOfFlag
	if asOf.IsZero() {
		asOf = rectify.DateOf(e.now())
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.LedgerFilter{InspectionID: *id}
	switch {
	case *id != 0:
		if _, err := st.GetInspection(ctx, *id); err != nil {
			return fmt.Errorf("巡察 %d：%s", *id, describe(err))
		}
	case *unitID != 0:
		u, err := st.GetUnit(ctx, *unitID)
		if err != nil {
			return fmt.Errorf("单位 %d：%s", *unitID, describe(err))
		}
		f.ScopePath = u.Path
	}
	var n int
	err = writeOutput(e, *out, func(w io.Writer) error {
		var err error
		n, err = ledger.Export(ctx, st, w, f, office.LedgerOptions{AsOf: asOf})
		return err
	})
	if err != nil {
		return fmt.Errorf("导出台账：%w", err)
	}
	switch {
	case n == 0:
		fmt.Fprintln(e.stderr, "rectify: 没有可导出的整改事项，台账只有表头")
	case *out != "":
		fmt.Fprintf(e.stderr, "rectify: 整改台账 %d 行，已写入 %s\n", n, *out)
	}
	return nil
}

// runLedgerImport brings a ledger workbook back into the record and prints
// the report as JSON; the bad cells also go to stderr, one a line.
func runLedgerImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("ledger import", e)
	db := dbFlag(fs, e)
	id := fs.Int64("inspection", 0, "没有编号的行（单位自己的台账）导入到这次巡察")
	keepGood := fs.Bool("keep-good", false, "有错误的行跳过，其余照常保存（默认有任何错误就什么都不保存）")
	dryRun := fs.Bool("dry-run", false, "只检查并列出将要做的修改，不保存")
	author := fs.String("author", "台账导入", "记录为整改状态和进展的填报人")
	dateFlagV := dateFlag(fs, "date", "记为状态变更和进展的日期 YYYY-MM-DD；默认今天")
	name, data, err := fileArg(e, fs, "ledger import", args)
	if err != nil {
		return err
	}
	date := *dateFlagV
	if date.IsZero() {
		date = rectify.DateOf(e.now())
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	flow := workflow.New(st)
	flow.Now = e.now
	rep, err := ledger.Import(ctx, st, flow, data, ledger.ImportOptions{
		InspectionID: *id, KeepGood: *keepGood, DryRun: *dryRun, Date: date, Author: *author, Actor: rectify.ActorSystem,
	})
	if rep == nil {
		if rectify.ErrorCode(err) == rectify.EINVALID {
			return &exitError{2, fmt.Errorf("%s: %s", displayName(name), describe(err))}
		}
		return fmt.Errorf("%s: 导入失败，未保存任何数据：%s", displayName(name), describe(err))
	}
	for _, ce := range rep.Errors {
		fmt.Fprintln(e.stderr, ce.Message)
	}
	if rep.Errors == nil {
		rep.Errors = []office.CellError{}
	}
	if rep.Changes == nil {
		rep.Changes = []ledger.Change{}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if werr := enc.Encode(rep); werr != nil {
		return werr
	}
	switch {
	case errors.Is(err, ledger.ErrBadLedger):
		return fmt.Errorf("%s: %s（共 %d 处，见上）", displayName(name), ledger.ErrBadLedger.Message, len(rep.Errors))
	case err != nil:
		return fmt.Errorf("%s: 导入失败，未保存任何数据：%s", displayName(name), describe(err))
	case *dryRun:
		fmt.Fprintf(e.stderr, "rectify: 试运行：%d 行，%d 处修改，未保存\n", rep.Rows, len(rep.Changes))
	case len(rep.Errors) > 0:
		fmt.Fprintf(e.stderr, "rectify: 跳过了 %d 个有错误的行，其余已保存\n", rep.BadRows)
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// writeOutput runs write on the file named out, or on standard output when
// out is "". The file appears whole or not at all: it is written beside
// and renamed into place once write succeeds.
func writeOutput(e *env, out string, write func(w io.Writer) error) error {
	if out == "" {
		return write(e.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".rectify-*")
	if err != nil {
		return fmt.Errorf("%s: 无法写入：%w", out, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("%s: 无法写入：%w", out, err)
	}
	return nil
}
