package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// env is what a command may use of the world: arguments come separately.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

// command is one subcommand of rectify.
type command struct {
	name    string
	usage   string // arguments, after the name
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"parse", "FILE|-", "读取通报（txt、docx、doc、wps、PDF、扫描件或网页，按内容识别格式），输出结构化 JSON（警告写到标准错误）", runParse},
		{"lint", "FILE", "检查通报中的不一致之处，每条一行", runLint},
		{"import", "FILE [--db DB] [--unit ID] [--into ID] [--update] [--author 填报人]", "导入通报、巡察反馈意见或问题清单，输出 inspection_id 和统计；记录中已有同一巡察时拒绝，--update 改为更新它", runImport},
		{"notice", "--inspection ID [--db DB] [--as-of YYYY-MM-DD] [--format txt|md|docx|pdf] [-o FILE] [--font FILE]", "由数据库记录生成通报（docx 为公文格式，pdf 嵌入中文字体）", runNotice},
		{"ledger", "export [--inspection ID | --unit ID] [-o FILE] [--as-of DATE] [--db DB]\n  rectify ledger import FILE [--inspection ID] [--keep-good] [--dry-run] [--date YYYY-MM-DD] [--author 填报人] [--db DB]", "导出整改台账（.xlsx），或把台账导回数据库", runLedger},
		{"stats", "[--db DB] [--as-of YYYY-MM-DD] [--json]", "按巡察和合计输出整改指标", runStats},
		{"similar", "[--db DB] [--unit ID] [--min 0.85] [--json] [--save] [--truth FILE]", "找出照搬照抄：不同巡察间雷同的措施、照搬问题表述的措施、一文多用或照搬往轮的进展、雷同的通报文字", runSimilar},
		{"audit", "verify [--db DB] [--json]\n  rectify audit log --problem ID [--db DB]", "核查审计日志的哈希链及记录与日志是否一致（有不符时退出码为 1），或列出问题的修改历史", runAudit},
		{"recheck", "sample --unit ID --count K [--seed S] [--due YYYY-MM-DD] [--dry-run] [--by 操作人] [--db DB]", "从单位已销号的问题中随机抽取，安排实地回头看（同一种子可复现）", runRecheck},
		{"serve", "[--addr 127.0.0.1:8080] [--db DB] [--demo] [--font FILE] [--secure-cookies] [--trusted-proxies 网段,…] [--smtp URL --mail-from 地址] [--base-url URL] [--tz 时区] [--remind-every 30m] [--remind-hours 08:30-18:00] [--backup-dir DIR [--backup-every 24h] [--backup-keep 7]] [--evidence s3://…]", "启动网页应用及定时任务（督办提醒、回头看提醒、清理）；首次启动时创建管理员 admin 并显示一次初始密码", runServe},
		{"remind", "[--db DB] [--as-of YYYY-MM-DD] [--dry-run] [--smtp smtp://用户:密码@主机:587] [--mail-from 地址] [--base-url URL] [--tz 时区]", "发送一次督办提醒（即将到期、逾期、升级督办、回头看），供 cron 使用；同一事项每人每天最多提醒一次", runRemind},
		{"user", "add --login L --name N --role admin|reviewer|editor|viewer [--unit ID] [--email E] [--phone P] [--password-stdin] [--db DB]\n  rectify user passwd --login L [--password-stdin] [--db DB]", "创建账号，或为账号设置新密码（其原有登录全部退出）；不用 --password-stdin 时自动生成密码并显示一次", runUser},
		{"backup", "[--db DB] -o FILE [--json]", "在服务运行时备份数据库（SQLite 用 VACUUM INTO，PostgreSQL 用 pg_dump），核查备份的审计日志并显示大小和记录数", runBackup},
		{"restore", "FILE --db DB [--force] [--json]", "把备份恢复到数据库（目标已有记录时需 --force），并核查恢复后的审计日志", runRestore},
		{"demo", "generate --problems N [--units U] [--seed S] [--as-of YYYY-MM-DD] [--truth FILE] [--quiet] [--db DB]", "在空数据库中生成任意规模的合成记录（同一种子同一记录），进度条显示在标准错误上", runDemo},
		{"evidence", "move --to s3://存储桶/前缀?endpoint=主机:端口 [--db DB] [--json]\n  rectify evidence move --to db [--from s3://…] [--db DB] [--json]\n  rectify evidence gc [--evidence s3://…] [--older-than 24h] [--dry-run] [--db DB]", "把证明材料的内容从数据库迁移到对象存储，或迁回数据库（可随时中断，再次运行即继续）；清理对象存储中已无证明材料使用的对象", runEvidence},
		{"bench", "[--db DB] [--clients 8] [--seconds 20]", "在本进程内对接口的列表、单个问题、总览统计和填报以及一个裸 net/http 处理器施加负载，输出 p50/p95/p99、每秒请求数、与裸处理器之比和各项预算（会写入填报记录）", runBench},
		{"token", "add --login L [--name N] [--db DB]", "为账号创建 API 令牌（供脚本调用 /api/v1），令牌只显示这一次", runToken},
	}
}

// exitError carries an exit code other than 1 out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// errUsage marks a mistake in the command line (exit code 2).
var errUsage = errors.New("命令行有误")

// Main runs rectify with args (without the program name) and returns the
// process exit code. Only main exits.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	err := run(ctx, e, args)
	if err == nil {
		return 0
	}
	var ee *exitError
	code := 1
	if errors.As(err, &ee) {
		code = ee.code
	}
	if errors.Is(err, errUsage) {
		code = 2
	}
	if msg := err.Error(); msg != "" && !errors.Is(err, errSilent) {
		fmt.Fprintln(stderr, "rectify: "+msg)
	}
	return code
}

// errSilent is returned when the command already said what went wrong.
var errSilent = errors.New("")

// errHelp ends a command whose flags were asked for with -h: exit 0, as
// the flag package's own programs do.
var errHelp = &exitError{0, errSilent}

func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(e.stdout)
		if len(args) == 0 {
			return &exitError{2, errSilent}
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	printUsage(e.stderr)
	return fmt.Errorf("%w: 未知的命令 %q", errUsage, args[0])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "rectify — 巡察整改工作系统")
	fmt.Fprintln(w, "\n用法：")
	for _, c := range commands() {
		fmt.Fprintf(w, "  rectify %s %s\n      %s\n", c.name, c.usage, c.summary)
	}
	fmt.Fprintln(w, "\n数据库：--db 给出 SQLite 文件路径或 postgres:// 地址；未给出时用环境变量 RECTIFY_DB，再没有则用当前目录下的 rectify.db。")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "rectify %s 的选项：\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// flagError says in Chinese what the flag package found wrong; the flag
// package's own messages are English.
func flagError(err error) string {
	msg := err.Error()
	for _, m := range []struct{ prefix, say string }{
		{"flag provided but not defined: ", "没有选项 %s"},
		{"flag needs an argument: ", "选项 %s 需要一个值"},
	} {
		if rest, ok := strings.CutPrefix(msg, m.prefix); ok {
			return fmt.Sprintf(m.say, rest)
		}
	}
	// invalid value "x" for flag -as-of: parse error
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if v, f, ok := strings.Cut(rest, " for flag "); ok {
			name, why, _ := strings.Cut(f, ": ")
			return fmt.Sprintf("选项 %s 的值 %s 有误：%s", name, v, why)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		v, f, _ := strings.Cut(rest, " for ")
		name, _, _ := strings.Cut(f, ": ")
		return fmt.Sprintf("选项 %s 只能是 true 或 false，收到 %s", name, v)
	}
	return msg
}

// parseFlags parses flags that may stand before, between or after the
// positional arguments ("rectify import FILE --db DB") and returns the
// positional ones. A lone "-" is positional (standard input).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		out := fs.Output()
		fs.SetOutput(io.Discard) // its English error line; ours follows
		err := fs.Parse(args)
		fs.SetOutput(out)
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil, errHelp // the flags are printed: asked for, not a mistake
		} else if err != nil {
			return nil, fmt.Errorf("%w: %s（rectify %s -h 列出选项）", errUsage, flagError(err), fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dbFlag registers --db and returns a function giving the database to use:
// the flag, else RECTIFY_DB, else rectify.db in the working directory.
func dbFlag(fs *flag.FlagSet, e *env) func() string {
	db := fs.String("db", "", "SQLite 文件路径或 postgres:// 地址")
	return func() string {
		if *db != "" {
			return *db
		}
		if v := e.getenv("RECTIFY_DB"); v != "" {
			return v
		}
		return "rectify.db"
	}
}

// dateFlag registers a YYYY-MM-DD flag.
func dateFlag(fs *flag.FlagSet, name, usage string) *rectify.Date {
	d := new(rectify.Date)
	fs.Func(name, usage, func(s string) error {
		v, err := rectify.ParseDate(s)
		if err != nil {
			return err
		}
		*d = v
		return nil
	})
	return d
}

// readInput reads a file, or standard input for "-".
func readInput(e *env, name string, max int64) ([]byte, error) {
	tooLarge := func(size int64) error {
		return &exitError{2, fmt.Errorf("%s: %s", displayName(name), describe(notice.ErrTooLarge("", size)))}
	}
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			switch {
			case errors.Is(err, os.ErrNotExist):
				return nil, fmt.Errorf("%s: 文件不存在", name)
			case errors.Is(err, os.ErrPermission):
				return nil, fmt.Errorf("%s: 没有读取权限", name)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && max > 0 && fi.Size() > max {
			return nil, tooLarge(fi.Size())
		}
		r = f
	}
	if max > 0 {
		r = io.LimitReader(r, max+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		if name == "-" {
			return nil, fmt.Errorf("读取标准输入：%w", err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if max > 0 && int64(len(b)) > max {
		return nil, tooLarge(0)
	}
	return b, nil
}

// fileArg parses args with fs and returns the one file they name, and its
// content (standard input for "-"). It returns a usage error for bad flags
// or not exactly one file.
func fileArg(e *env, fs *flag.FlagSet, cmd string, args []string) (string, []byte, error) {
	return fileArgMax(e, fs, cmd, args, 0)
}

// noticeArg is fileArg for a notice: a file over notice.MaxInputSize is
// refused with exit 2 before it is read, a longer standard input after
// reading one byte more than the limit.
func noticeArg(e *env, fs *flag.FlagSet, cmd string, args []string) (string, []byte, error) {
	return fileArgMax(e, fs, cmd, args, notice.MaxInputSize)
}

// fileArgMax is fileArg reading at most max bytes (0: no limit).
func fileArgMax(e *env, fs *flag.FlagSet, cmd string, args []string, max int64) (string, []byte, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", nil, err
	}
	name, err := oneFile(cmd, pos)
	if err != nil {
		return "", nil, err
	}
	data, err := readInput(e, name, max)
	if err != nil {
		return "", nil, err
	}
	return name, data, nil
}

// oneFile checks that exactly one positional argument was given.
func oneFile(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 1:
		return pos[0], nil
	case 0:
		return "", fmt.Errorf("%w: rectify %s 需要一个文件参数", errUsage, cmd)
	}
	return "", fmt.Errorf("%w: rectify %s 只接受一个文件参数，收到 %s", errUsage, cmd, strings.Join(pos, " "))
}

func sortedKeys[K ~int64 | ~int | ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
