package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

// runUser manages accounts from scripts: rectify user add.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: rectify user 的子命令：add", errUsage)
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
	password := ""
	if *fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("从标准输入读取密码：没有读到内容")
		}
		password = strings.TrimRight(line, "\r\n")
		if err := auth.CheckPassword("password", password); err != nil {
			return fmt.Errorf("密码不符合要求：%s", rectify.ErrorFields(err)["password"])
		}
	} else {
		password = auth.RandomPassword()
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, db())
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
