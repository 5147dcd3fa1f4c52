// Package extern runs the programs that read formats Go cannot: pdftotext
// and pdftoppm (poppler-utils), tesseract (tesseract-ocr) and soffice
// (LibreOffice). Each program is looked up on the PATH when it is needed,
// runs without a shell under a deadline with its output bounded, and is
// killed with everything it started when the deadline passes. Errors are
// *rectify.Error with a message in Chinese that a user can act on: the
// Debian package to install, the file that is damaged, the limit exceeded.
package extern

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// Program is an external program and the Debian package that provides it.
type Program struct {
	Name    string // the command, found on the PATH
	Package string // the Debian package to install
}

// The programs the readers use.
var (
	PDFToText = Program{Name: "pdftotext", Package: "poppler-utils"}
	PDFInfo   = Program{Name: "pdfinfo", Package: "poppler-utils"}
	PDFToPPM  = Program{Name: "pdftoppm", Package: "poppler-utils"}
	Tesseract = Program{Name: "tesseract", Package: "tesseract-ocr 和 tesseract-ocr-chi-sim"}
	Soffice   = Program{Name: "soffice", Package: "libreoffice-writer-nogui（LibreOffice）"}
)

// Path returns where the program is. It returns an EINVALID *rectify.Error
// naming the package to install when the program is not on the PATH;
// purpose says what it was needed for ("读取 PDF").
func (p Program) Path(purpose string) (string, error) {
	path, err := exec.LookPath(p.Name)
	if err != nil {
		return "", rectify.Errorf(rectify.EINVALID, "%s需要 %s，服务器上没有找到这个程序，请安装 %s", spaced(purpose), p.Name, p.Package)
	}
	return path, nil
}

// Options bound one run.
type Options struct {
	Purpose   string        // what the run is for, in Chinese ("读取 PDF")
	Timeout   time.Duration // the deadline of the run; 0: one minute
	MaxOutput int64         // the most bytes of stdout kept; 0: 16 MiB
	Dir       string        // the working directory, "" for the current one
	Env       []string      // added to the environment
}

const (
	defaultTimeout   = time.Minute
	defaultMaxOutput = 16 << 20
	maxStderr        = 8 << 10
)

// Run runs the program with args and returns its standard output.
//
// It returns an EINVALID *rectify.Error when the program is missing (naming
// its package) or exits with an error (with the first line of what it said
// on stderr), an ETOOLARGE *rectify.Error when the run outlives its timeout
// or writes more than MaxOutput bytes, and ctx's error, wrapped, when ctx
// ends first.
func Run(ctx context.Context, p Program, args []string, opt Options) ([]byte, error) {
	path, err := p.Path(opt.Purpose)
	if err != nil {
		return nil, err
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	maxOut := opt.MaxOutput
	if maxOut <= 0 {
		maxOut = defaultMaxOutput
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, path, args...)
	cmd.Dir = opt.Dir
	if len(opt.Env) > 0 {
		cmd.Env = append(cmd.Environ(), opt.Env...)
	}
	cmd.Stdin = nil
	stdout := &limitedBuffer{max: maxOut, stop: cancel}
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("extern: %s: %w", p.Name, ctx.Err())
	case stdout.over:
		return nil, rectify.Errorf(rectify.ETOOLARGE, "%s时 %s 输出的内容超过 %d MB，文件过大", spaced(opt.Purpose), p.Name, maxOut>>20)
	case runCtx.Err() != nil:
		return nil, rectify.Errorf(rectify.ETOOLARGE, "%s超时：%s 在 %s 内没有完成，文件可能过大或过于复杂", spaced(opt.Purpose), p.Name, timeout)
	case err != nil:
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return nil, fmt.Errorf("extern: run %s: %w", p.Name, err)
		}
		return nil, rectify.Errorf(rectify.EINVALID, "%s失败：%s", spaced(opt.Purpose), Complaint(stderr.buf.String(), p.Name))
	}
	return stdout.buf.Bytes(), nil
}

// Complaint turns what a program said on stderr into a short reason.
func Complaint(stderr, name string) string {
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		lower := strings.ToLower(l)
		switch {
		case l == "", strings.Contains(lower, "warning"):
			continue
		case strings.Contains(lower, "incorrect password"), strings.Contains(lower, "encrypted"):
			return "文件有密码保护，请先去除密码再导入"
		case strings.Contains(lower, "failed loading language"), strings.Contains(lower, "traineddata"):
			return "缺少简体中文文字识别模型，请安装 tesseract-ocr-chi-sim"
		case strings.Contains(lower, "may not be a pdf"), strings.Contains(lower, "couldn't find trailer"), strings.Contains(lower, "couldn't read xref"):
			return "文件已损坏，或不是有效的 PDF"
		}
		if len(l) > 200 {
			l = l[:200]
		}
		return name + " 报告：" + strings.ToValidUTF8(l, "")
	}
	return name + " 异常退出"
}

// spaced ends s with a space when it ends in a Latin letter, to set the
// Chinese that follows apart ("读取 PDF 失败").
func spaced(s string) string {
	if s != "" && s[len(s)-1] < 0x80 && s[len(s)-1] != ' ' {
		return s + " "
	}
	return s
}

// limitedBuffer keeps the first max bytes written to it and remembers that
// more came; the write that goes over stops the program.
// The buffer is a field, not embedded: an embedded bytes.Buffer would lend
// it ReadFrom, which io.Copy prefers to Write, and the limit would be
// bypassed.
type limitedBuffer struct {
	buf  bytes.Buffer
	max  int64
	over bool
	stop func()
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	room := b.max - int64(b.buf.Len())
	if int64(len(p)) > room {
		b.over = true
		if b.stop != nil {
			b.stop()
		}
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return 0, errOverLimit
	}
	return b.buf.Write(p)
}

var errOverLimit = errors.New("extern: output over its limit")

var _ io.Writer = (*limitedBuffer)(nil)
