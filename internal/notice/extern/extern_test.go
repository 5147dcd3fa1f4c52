package extern

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

func need(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s is not installed", n)
		}
	}
}

// TestRun runs ordinary Unix programs under each of Run's bounds.
func TestRun(t *testing.T) {
	need(t, "sh", "sleep", "yes", "echo")
	sh := Program{Name: "sh", Package: "dash"}
	tests := []struct {
		name string
		prog Program
		args []string
		opt  Options
		out  string
		code string
		msg  string
	}{
		{name: "output", prog: Program{Name: "echo", Package: "coreutils"}, args: []string{"整改"}, opt: Options{Purpose: "测试"}, out: "整改\n"},
		{name: "missing", prog: Program{Name: "no-such-program-here", Package: "some-package"}, opt: Options{Purpose: "读取 PDF"}, code: rectify.EINVALID, msg: "读取 PDF 需要 no-such-program-here，服务器上没有找到这个程序，请安装 some-package"},
		{name: "timeout", prog: Program{Name: "sleep", Package: "coreutils"}, args: []string{"30"}, opt: Options{Purpose: "读取 PDF", Timeout: 200 * time.Millisecond}, code: rectify.ETOOLARGE, msg: "读取 PDF 超时"},
		{name: "children killed", prog: sh, args: []string{"-c", "sleep 30 & sleep 30; wait"}, opt: Options{Purpose: "测试", Timeout: 200 * time.Millisecond}, code: rectify.ETOOLARGE, msg: "超时"},
		{name: "output limit", prog: Program{Name: "yes", Package: "coreutils"}, opt: Options{Purpose: "测试", MaxOutput: 1 << 20}, code: rectify.ETOOLARGE, msg: "超过 1 MB"},
		{name: "exit status", prog: sh, args: []string{"-c", "echo 'Syntax Warning: x' >&2; echo 'Error: May not be a PDF file' >&2; exit 1"}, opt: Options{Purpose: "读取 PDF"}, code: rectify.EINVALID, msg: "读取 PDF 失败：文件已损坏，或不是有效的 PDF"},
		{name: "password", prog: sh, args: []string{"-c", "echo 'Command Line Error: Incorrect password' >&2; exit 1"}, opt: Options{Purpose: "读取 PDF"}, code: rectify.EINVALID, msg: "有密码保护"},
		{name: "model missing", prog: sh, args: []string{"-c", "echo \"Failed loading language 'chi_sim'\" >&2; exit 1"}, opt: Options{Purpose: "文字识别（OCR）"}, code: rectify.EINVALID, msg: "请安装 tesseract-ocr-chi-sim"},
		{name: "environment", prog: sh, args: []string{"-c", "echo $RECTIFY_X"}, opt: Options{Purpose: "测试", Env: []string{"RECTIFY_X=1"}}, out: "1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			out, err := Run(context.Background(), tc.prog, tc.args, tc.opt)
			if time.Since(start) > 20*time.Second {
				t.Errorf("took %s: the deadline did not stop it", time.Since(start))
			}
			if tc.code == "" {
				if err != nil || string(out) != tc.out {
					t.Errorf("Run = %q, %v; want %q", out, err, tc.out)
				}
				return
			}
			if rectify.ErrorCode(err) != tc.code || !strings.Contains(rectify.ErrorMessage(err), tc.msg) {
				t.Errorf("err = %v, want %s with %q", err, tc.code, tc.msg)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	need(t, "sleep")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Run(ctx, Program{Name: "sleep", Package: "coreutils"}, []string{"30"}, Options{Purpose: "测试"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
}
