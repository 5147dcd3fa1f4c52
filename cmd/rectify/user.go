package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

// runUser manages accounts from scripts: rectify user add, rectify user
// passwd.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "passwd" {
		return runUserPasswd(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: rectify user 的子命令：add、passwd", errUsage)
	}
	fs := newFlags("user add", e)
	db := dbFlag(fs, e)
	login := fs.String("login", "", "登录名（必填）")
	name := fs.String("name", "", "姓名（必填）")
	role := fs.String("role", "", "角色（必填）：admin、reviewer、editor 或 viewer")
	unit := fs.Int64("unit", 0, "所属单位 ID，即数据范围；只有 admin 可以不填（全部单位）")
	email := fs.String("email", "", "电子邮箱")
	phone := fs.String("phone", "", "电话")
	fromStdin := fs.Bool("password-stdin", false, "从标准输入的第一行读取密码；不给时自动生成并显示一次")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify user add 不接受参数 %v", errUsage, pos)
	}
	for _, f := range []struct{ flag, value string }{{"--login", *login}, {"--name", *name}, {"--role", *role}} {
		if strings.TrimSpace(f.value) == "" {
			return fmt.Errorf("%w: rectify user add 需要 %s", errUsage, f.flag)
		}
	}
	r := rectify.Role(*role)
	if !r.Valid() {
		return fmt.Errorf("%w: 未知的角色 %q，应为 admin、reviewer、editor 或 viewer", errUsage, *role)
	}
	password, err := readPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now
	u := &rectify.User{Login: *login, Name: *name, Role: r, UnitID: *unit, Email: *email, Phone: *phone, PasswordHash: hash}
	if err := st.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("未创建账号：%s", describe(err))
	}
	scope := "全部单位"
	if u.UnitID != 0 {
		if unit, err := st.GetUnit(ctx, u.UnitID); err == nil {
			scope = unit.Name
		}
	}
	fmt.Fprintf(e.stdout, "已创建账号 %s（%s，%s，数据范围：%s），编号 %d\n", u.Login, u.Name, u.Role.Label(), scope, u.ID)
	if !*fromStdin {
		fmt.Fprintf(e.stdout, "初始密码：%s\n", password)
		fmt.Fprintln(e.stdout, "密码只显示这一次，请转交本人并提醒登录后修改。")
	}
	return nil
}

// readPassword returns the first line of stdin with --password-stdin,
// checked as the account page checks it, else a random password.
func readPassword(e *env, fromStdin bool) (string, error) {
	if !fromStdin {
		return auth.RandomPassword(), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("从标准输入读取密码：没有读到内容")
	}
	password := strings.TrimRight(line, "\r\n")
	if err := auth.CheckPassword("password", password); err != nil {
		return "", fmt.Errorf("密码不符合要求：%s", rectify.ErrorFields(err)["password"])
	}
	return password, nil
}

// runUserPasswd sets a new password of an account and ends its sessions:
// for an admin whose first password nobody saw, or a forgotten one.
func runUserPasswd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("user passwd", e)
	db := dbFlag(fs, e)
	login := fs.String("login", "", "登录名（必填）")
	fromStdin := fs.Bool("password-stdin", false, "从标准输入的第一行读取新密码；不给时自动生成并显示一次")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify user passwd 不接受参数 %v", errUsage, pos)
	}
	if strings.TrimSpace(*login) == "" {
		return fmt.Errorf("%w: rectify user passwd 需要 --login", errUsage)
	}
	password, err := readPassword(e, *fromStdin)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now
	u, err := st.GetUserByLogin(ctx, *login)
	if err != nil {
		return fmt.Errorf("未修改密码：%s", describeLogin(*login, err))
	}
	if err := auth.SetPassword(ctx, st, u.ID, password, ""); err != nil {
		return fmt.Errorf("未修改密码：%s", describe(err))
	}
	fmt.Fprintf(e.stdout, "已为账号 %s（%s）设置新密码，其原有登录已全部退出\n", u.Login, u.Name)
	if !*fromStdin {
		fmt.Fprintf(e.stdout, "新密码：%s\n", password)
		fmt.Fprintln(e.stdout, "密码只显示这一次，请转交本人并提醒登录后修改。")
	}
	return nil
}

// describeLogin says why the account of login could not be read.
func describeLogin(login string, err error) string {
	if errors.Is(err, rectify.ErrNotFound) {
		return fmt.Sprintf("没有登录名为“%s”的账号", login)
	}
	return describe(err)
}

// runToken makes API tokens for scripts: rectify token add.
func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: rectify token 的子命令：add", errUsage)
	}
	fs := newFlags("token add", e)
	db := dbFlag(fs, e)
	login := fs.String("login", "", "令牌所属账号的登录名（必填）；令牌的权限和数据范围与该账号相同")
	name := fs.String("name", "命令行创建", "令牌名称，用来区分用途，如“台账同步脚本”")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify token add 不接受参数 %v", errUsage, pos)
	}
	if strings.TrimSpace(*login) == "" {
		return fmt.Errorf("%w: rectify token add 需要 --login", errUsage)
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	st.Now = e.now
	u, err := st.GetUserByLogin(ctx, *login)
	if err != nil {
		return fmt.Errorf("未创建令牌：%s", describeLogin(*login, err))
	}
	if u.Disabled {
		return fmt.Errorf("未创建令牌：账号“%s”已停用", u.Login)
	}
	secret, tok, err := auth.CreateToken(ctx, st, u.ID, *name, time.Time{})
	if err != nil {
		return fmt.Errorf("未创建令牌：%s", describe(err))
	}
	fmt.Fprintf(e.stderr, "已为账号 %s（%s）创建 API 令牌“%s”（%s…），长期有效，可在“我的账号”中撤销；令牌只显示这一次：\n", u.Login, u.Name, tok.Name, tok.Prefix)
	fmt.Fprintln(e.stdout, secret)
	return nil
}
