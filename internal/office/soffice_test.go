package office

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// fontsConf makes LibreOffice set the official faces as a reader would see
// them: 仿宋_GB2312, 方正小标宋简体 and 宋体 as Noto Serif CJK (bold for the
// title), 黑体 as Noto Sans CJK, 楷体 as AR PL UKai where installed.
const fontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>仿宋</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体</family><prefer><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <match target="pattern">
    <test name="family"><string>方正小标宋简体</string></test>
    <edit name="family" mode="assign" binding="same"><string>Noto Serif CJK SC</string></edit>
    <edit name="weight" mode="assign" binding="same"><const>bold</const></edit>
  </match>
</fontconfig>
`

// office runs LibreOffice and poppler for a test: converts files in a
// fresh profile, reads PDFs' page size and text.
type officeTools struct {
	dir  string
	env  []string
	runs int
}

func needOffice(t *testing.T) *officeTools {
	t.Helper()
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			needTool(t, tool+" is not installed (Debian: libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)")
		}
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, []byte(fontsConf), 0o644); err != nil {
		t.Fatal(err)
	}
	return &officeTools{dir: dir, env: append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)}
}

func (o *officeTools) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = o.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// convert converts file with LibreOffice to the format (pdf, csv:…) and
// returns the converted file's path.
func (o *officeTools) convert(t *testing.T, file, format, ext string) string {
	t.Helper()
	o.runs++
	profile := "file://" + filepath.Join(o.dir, fmt.Sprintf("lo-profile-%d", o.runs))
	outdir := filepath.Join(o.dir, fmt.Sprintf("out-%d", o.runs))
	o.run(t, "soffice", "--headless", "--norestore", "-env:UserInstallation="+profile, "--convert-to", format, "--outdir", outdir, file)
	out := filepath.Join(outdir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"."+ext)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", ext, err)
	}
	return out
}

// checkPDF checks a PDF's pages (A4) and returns its text, with the page
// number lines apart and every space removed from the rest.
func (o *officeTools) checkPDF(t *testing.T, pdf string, minPages int) (text string, pageNumbers []string) {
	t.Helper()
	info := o.run(t, "pdfinfo", pdf)
	if m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(info); m == nil ||
		!strings.HasPrefix(m[1], "595") || !strings.HasPrefix(m[2], "841") && !strings.HasPrefix(m[2], "842") {
		t.Errorf("the pages are not A4 (595 × 842 pts):\n%s", info)
	}
	var pages int
	fmt.Sscanf(regexp.MustCompile(`Pages:\s+(\d+)`).FindString(info), "Pages: %d", &pages)
	if pages < minPages {
		t.Errorf("%d pages, want at least %d", pages, minPages)
	}
	raw := o.run(t, "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")
	var body strings.Builder
	pageNo := regexp.MustCompile(`^—\s*(\d+)\s*—$`)
	for _, l := range strings.Split(raw, "\n") {
		l = strings.TrimSpace(strings.ReplaceAll(l, "\f", ""))
		if m := pageNo.FindStringSubmatch(l); m != nil {
			pageNumbers = append(pageNumbers, l)
			continue
		}
		body.WriteString(strings.Join(strings.Fields(l), ""))
	}
	// "— 1 —": LibreOffice's stand-in for 宋体 has a narrow space, which
	// pdftotext may not see; the dashes and the number are what count.
	if len(pageNumbers) != pages {
		t.Errorf("%d page numbers on %d pages: %q", len(pageNumbers), pages, pageNumbers)
	}
	for i, n := range pageNumbers {
		if strings.Join(strings.Fields(n), "") != fmt.Sprintf("—%d—", i+1) {
			t.Errorf("page %d is numbered %q, want — %d —", i+1, n, i+1)
		}
	}
	return body.String(), pageNumbers
}

// checkNoticeText checks that the text holds the notice's title, summary
// line with the computed counts and every problem's title.
func checkNoticeText(t *testing.T, text string, in *rectify.Inspection, summary string) {
	t.Helper()
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, want := range []string{squeeze(in.Issuer), squeeze(notice.RecordStructure(in, notice.RenderOptions{}).Title), summary} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
	n := 0
	for _, p := range in.Problems() {
		n++
		if !strings.Contains(text, squeeze(p.Title)) {
			t.Errorf("the text lacks problem %d: %q", p.Number, p.Title)
		}
	}
	if n == 0 {
		t.Error("no problems to look for")
	}
}

// TestWithLibreOffice opens the generated files as their users do: the
// .docx of the seed's notice and the .xlsx ledger with LibreOffice
// (converted to PDF and CSV), and our own PDF with poppler. It needs
// soffice, pdfinfo and pdftotext (skipped without them, failed under
// RECTIFY_REQUIRE_SOFFICE=1) and runs two conversions, about 2 s each.
func TestWithLibreOffice(t *testing.T) {
	o := needOffice(t)
	in := landBureau()
	summary := "截至8月20日，巡察反馈的4个具体问题，已完成整改1个，长期整改I类1个，整改中1个，未开始1个。"
	minPages := 1
	if _, err := os.Stat(filepath.Dir(seedPath)); err == nil {
		in = readSeed(t).Record(notice.RecordOptions{})
		summary = "截至11月28日，巡察反馈的25个具体问题，已完成整改18个，长期整改I类7个。"
		minPages = 5
	}

	t.Run("notice docx", func(t *testing.T) {
		file := filepath.Join(o.dir, "notice.docx")
		if err := os.WriteFile(file, docxBytes(t, in, NoticeOptions{}), 0o644); err != nil {
			t.Fatal(err)
		}
		text, _ := o.checkPDF(t, o.convert(t, file, "pdf", "pdf"), minPages)
		checkNoticeText(t, text, in, summary)
	})

	t.Run("notice pdf", func(t *testing.T) {
		fonts := systemFonts(t)
		file := filepath.Join(o.dir, "notice.pdf")
		if err := os.WriteFile(file, pdfBytes(t, in, PDFOptions{Fonts: fonts}), 0o644); err != nil {
			t.Fatal(err)
		}
		text, numbers := o.checkPDF(t, file, minPages)
		checkNoticeText(t, text, in, summary)
		if len(numbers) > 0 && numbers[0] != "— 1 —" {
			t.Errorf("the first page is numbered %q, want — 1 —", numbers[0])
		}
	})

	t.Run("ledger xlsx", func(t *testing.T) {
		file := filepath.Join(o.dir, "ledger.xlsx")
		if err := os.WriteFile(file, ledgerBytes(t, fixtureRows(), LedgerOptions{AsOf: rectify.MustDate("2025-06-01")}), 0o644); err != nil {
			t.Fatal(err)
		}
		// CSV in UTF-8 (76), comma-separated (44), quoted with " (34).
		data, err := os.ReadFile(o.convert(t, file, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, data)
		}
		if len(lines) != 11 {
			t.Fatalf("%d lines, want a title, the unit and day, a header and 8 rows:\n%s", len(lines), data)
		}
		if lines[0][0] != "巡察整改台账" || lines[1][0] != "单位：全部单位　　截至：2025年6月1日" {
			t.Errorf("title lines %q %q", lines[0], lines[1])
		}
		lines = lines[2:]
		for i, want := range [][]string{
			{"序号", "巡察", "反馈问题", "具体问题", "整改措施", "整改类型", "整改状态", "责任领导", "责任单位", "整改时限", "预警", "最新进展", "进展日期", "证明材料（件）", "整改来源", "巡察ID", "问题ID", "问题版本", "措施ID", "措施版本"},
			{"1", "县自然资源局党组 县委第三巡察组专项巡察", "耕地保护责任落实不到位", "违法占用耕地问题整治不彻底。部分图斑整改后又出现复耕不到位、“大棚房”反弹等情况。",
				"对2024年以来卫片图斑逐宗复核，建立整改台账", "限期整改", "完成", "王建国", "执法监察大队", "2025-06-15", "", "", "", "0", "巡察", "7", "701", "2", "7011", "1"},
			{"1", "县自然资源局党组 县委第三巡察组专项巡察", "耕地保护责任落实不到位", "违法占用耕地问题整治不彻底。部分图斑整改后又出现复耕不到位、“大棚房”反弹等情况。",
				"对复耕不到位的14宗图斑督促恢复种植条件", "限期整改", "完成", "王建国", "耕地保护股", "2025-07-31", "", "已恢复种植条件11宗。", "2025-08-01", "3", "巡察", "7", "701", "2", "7012", "1"},
		} {
			if !reflect.DeepEqual(lines[i], want) {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, lines[i], want)
			}
		}
		if lines[6][10] != "红灯" || lines[4][9] != "长期" || lines[4][10] != "蓝灯" || lines[8][6] != "未开始" {
			t.Errorf("lights and statuses: %q / %q / %q", lines[6], lines[4], lines[8])
		}
		// Printed: A4 across, the title on the first page.
		pdf := o.convert(t, file, "pdf", "pdf")
		info := o.run(t, "pdfinfo", pdf)
		if m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(info); m == nil ||
			!strings.HasPrefix(m[1], "841") && !strings.HasPrefix(m[1], "842") || !strings.HasPrefix(m[2], "595") {
			t.Errorf("the ledger is not printed across A4 (842 × 595 pts):\n%s", info)
		}
		if text := o.run(t, "pdftotext", "-enc", "UTF-8", pdf, "-"); !strings.Contains(strings.Join(strings.Fields(text), ""), "巡察整改台账") {
			t.Errorf("the printed ledger has no title:\n%s", text)
		}
	})
}
