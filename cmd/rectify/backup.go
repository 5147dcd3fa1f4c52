package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/rectify-dev/rectify/internal/store"
)

// backupReport is what backup and restore print.
type backupReport struct {
	File   string             `json:"file"`
	Kind   store.BackupKind   `json:"kind"`
	Bytes  int64              `json:"bytes"`
	Counts store.BackupCounts `json:"counts"`
	Audit  *store.AuditReport `json:"audit"`
}

// runBackup copies the database into a new file while the server may run,
// checks the copy (its audit log against its rows) and prints its size
// and what it holds. A PostgreSQL copy (a pg_dump archive) cannot be
// opened where it lies: the audit check is then that of the database as
// the copy was made.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags("backup", e)
	db := dbFlag(fs, e)
	out := fs.String("o", "", "备份文件（必填，不能已存在）")
	asJSON := fs.Bool("json", false, "以 JSON 输出备份结果")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) > 0 {
		return fmt.Errorf("%w: 用法 rectify backup [--db DB] -o FILE", errUsage)
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	kind, err := st.Backup(ctx, *out)
	if err != nil {
		return fmt.Errorf("备份失败：%s", describe(err))
	}
	rep := backupReport{File: *out, Kind: kind}
	if kind == store.BackupSQLite {
		// Check the copy itself: opened where it lies, it is what a
		// restore would bring back.
		cp, err := store.Open(ctx, *out)
		if err != nil {
			return fmt.Errorf("备份已写入 %s，但无法打开核查：%s", *out, describe(err))
		}
		defer cp.Close()
		if rep.Audit, err = cp.VerifyAudit(ctx); err == nil {
			rep.Counts, err = cp.Counts(ctx)
		}
		if err != nil {
			return fmt.Errorf("备份已写入 %s，但核查失败：%s", *out, describe(err))
		}
	} else {
		if rep.Audit, err = st.VerifyAudit(ctx); err == nil {
			rep.Counts, err = st.Counts(ctx)
		}
		if err != nil {
			return fmt.Errorf("备份已写入 %s，但核查失败：%s", *out, describe(err))
		}
	}
	if fi, err := os.Stat(*out); err == nil {
		rep.Bytes = fi.Size()
	}
	if err := printBackup(e, rep, *asJSON, "备份"); err != nil {
		return err
	}
	if !rep.Audit.OK() {
		return &exitError{1, errors.New("备份的审计日志与记录不符：运行 rectify audit verify 查看")}
	}
	return nil
}

// runRestore puts a backup into a database, refusing to overwrite a
// record without --force, and checks what it restored.
func runRestore(ctx context.Context, e *env, args []string) error {
	flags := newFlags("restore", e)
	db := dbFlag(flags, e)
	force := flags.Bool("force", false, "目标数据库已有记录时仍然覆盖（先停止使用它的服务）")
	asJSON := flags.Bool("json", false, "以 JSON 输出恢复结果")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: 用法 rectify restore FILE --db DB [--force]", errUsage)
	}
	file := pos[0]
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s：文件不存在", file)
	}
	st, err := store.Restore(ctx, file, db(), store.RestoreOptions{Force: *force})
	if err != nil {
		return fmt.Errorf("没有恢复：%s", describe(err))
	}
	defer st.Close()
	rep := backupReport{File: file}
	rep.Kind, _ = store.KindOfBackup(file)
	if rep.Audit, err = st.VerifyAudit(ctx); err == nil {
		rep.Counts, err = st.Counts(ctx)
	}
	if err != nil {
		return fmt.Errorf("已恢复，但核查失败：%s", describe(err))
	}
	if fi, err := os.Stat(file); err == nil {
		rep.Bytes = fi.Size()
	}
	if err := printBackup(e, rep, *asJSON, "恢复"); err != nil {
		return err
	}
	if !rep.Audit.OK() {
		return &exitError{1, errors.New("恢复后的审计日志与记录不符：运行 rectify audit verify 查看")}
	}
	return nil
}

func printBackup(e *env, rep backupReport, asJSON bool, what string) error {
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	c := rep.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "%s文件 %s（%s，%.1f MB）\n", what, rep.File, rep.Kind, float64(rep.Bytes)/(1<<20))
	fmt.Fprintf(&b, "单位 %d 个，巡察 %d 次，问题 %d 个，整改情况 %d 条，证明材料 %d 个，账号 %d 个，审计日志 %d 条\n",
		c.Units, c.Inspections, c.Problems, c.Progress, c.Evidence, c.Users, c.AuditLog)
	if rep.Audit.OK() {
		fmt.Fprintf(&b, "审计日志完整，记录与日志一致（链头第 %d 条）。\n", rep.Audit.HeadSeq)
	}
	_, err := fmt.Fprint(e.stdout, b.String())
	return err
}
