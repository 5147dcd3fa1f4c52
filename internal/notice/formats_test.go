package notice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	pngenc "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// EnvRequireOCR makes the tests of PDFs, scans and .doc files fail instead
// of skipping when poppler-utils, Tesseract (with chi_sim), img2pdf or
// LibreOffice is missing. CI sets it.
const EnvRequireOCR = "RECTIFY_REQUIRE_OCR"

// needPrograms skips t, or fails it under RECTIFY_REQUIRE_OCR=1, unless
// every program is on the PATH.
func needPrograms(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			msg := fmt.Sprintf("%s is not installed (Debian: poppler-utils tesseract-ocr tesseract-ocr-chi-sim img2pdf libreoffice-writer-nogui)", n)
			if os.Getenv(EnvRequireOCR) == "1" {
				t.Fatal(msg + "; " + EnvRequireOCR + "=1 requires it")
			}
			t.Skip(msg + "; set " + EnvRequireOCR + "=1 to make this a failure")
		}
	}
	if slicesContain(names, "tesseract") {
		out, _ := exec.Command("tesseract", "--list-langs").CombinedOutput()
		if !strings.Contains(string(out), "chi_sim") {
			if os.Getenv(EnvRequireOCR) == "1" {
				t.Fatal("tesseract has no chi_sim model (Debian: tesseract-ocr-chi-sim)")
			}
			t.Skip("tesseract has no chi_sim model (Debian: tesseract-ocr-chi-sim)")
		}
	}
}

func slicesContain(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// readFormat reads a source text (testdata/formats) or a document of the
// corpus made from one.
func readFormat(t testing.TB, name string) []byte {
	t.Helper()
	dir := "formats"
	if !strings.HasSuffix(name, ".txt") {
		dir = "corpus"
	}
	data, err := os.ReadFile(filepath.Join("testdata", dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// outlineWithoutNextSteps is the outline of a notice but its plans:
// poppler drops a comma that LibreOffice hangs in the margin of one of
// them, which is no fact of the notice.
func outlineWithoutNextSteps(d *Document) string {
	var keep []string
	for _, l := range strings.Split(outline(d), "\n") {
		if !strings.HasPrefix(l, "next|") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestFormatsReadAsTheirText reads each committed PDF and .doc — a text
// layer with a running header and "第1页 共4页" footers, a two-column
// gazette page with "- 1 -" page numbers, a Word 97 document — and expects
// the very notice its source text gives, fact by fact.
func TestFormatsReadAsTheirText(t *testing.T) {
	for _, spec := range formatFixtures {
		t.Run(spec.corpus+"."+spec.out, func(t *testing.T) {
			if spec.out == "doc" {
				needPrograms(t, "soffice")
			} else {
				needPrograms(t, "pdftotext", "pdfinfo")
			}
			want := parseOK(t, readFormat(t, spec.name+".txt"))
			got, err := ParseContext(context.Background(), readFormat(t, spec.corpus+"."+spec.out))
			if err != nil {
				t.Fatal(err)
			}
			diffOutlines(t, spec.name, outlineWithoutNextSteps(got), outlineWithoutNextSteps(want))
			if n := countProblems(got); n != countProblems(want) || n == 0 {
				t.Errorf("%d problems, want %d", n, countProblems(want))
			}
		})
	}
}

// TestMixedPDF reads a PDF whose first page has a text layer and whose
// second is a scan (pdftoppm at 200 dpi, img2pdf, pdfunite): only the
// second goes through OCR, its lines alone are marked, and the warning
// names the page. The scan of a whole notice is in the corpus
// (pdf_scanned.json).
func TestMixedPDF(t *testing.T) {
	needPrograms(t, "pdftotext", "pdfinfo", "pdftoppm", "pdfseparate", "pdfunite", "tesseract", "img2pdf")
	dir := t.TempDir()
	src := filepath.Join(dir, "source.pdf")
	if err := os.WriteFile(src, readFormat(t, "pdf_two_columns.pdf"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	at := func(name string) string { return filepath.Join(dir, name) }
	run("pdfseparate", "-f", "1", "-l", "1", src, at("text.pdf"))
	run("pdftoppm", "-r", "200", "-gray", "-png", "-f", "2", "-l", "2", "-singlefile", src, at("page2"))
	run("img2pdf", at("page2.png"), "-o", at("scan.pdf"))
	run("pdfunite", at("text.pdf"), at("scan.pdf"), at("mixed.pdf"))
	data, err := os.ReadFile(at("mixed.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseContext(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	want := parseOK(t, readFormat(t, "linchuan_town.txt"))
	if got.Warnings[0].Code != CodeOCR || !strings.Contains(got.Warnings[0].Message, "PDF 第 2 页没有文字层") {
		t.Errorf("first warning %+v, want the page read by OCR", got.Warnings[0])
	}
	marked := map[int]bool{}
	for _, w := range got.Warnings {
		if w.Code == CodeOCR && w.Line > 0 {
			marked[w.Line] = true
			if !strings.Contains(w.Message, "第 2 页") {
				t.Errorf("line %d marked as OCR'd on another page: %s", w.Line, w.Message)
			}
		}
	}
	first := 0 // the first line of page 2
	for l := range marked {
		if first == 0 || l < first {
			first = l
		}
	}
	if first == 0 {
		t.Fatal("no line marked as read by OCR")
	}
	var text, scanned int
	for _, f := range got.Findings {
		for _, p := range f.Problems {
			switch {
			case p.Line < first && marked[p.Line]:
				t.Errorf("problem %d, from the text layer, is marked as OCR'd", p.Number)
			case p.Line >= first && !marked[p.Line]:
				t.Errorf("problem %d, from the scanned page, is not marked as OCR'd", p.Number)
			case p.Line < first:
				text++
			default:
				scanned++
			}
		}
	}
	if text == 0 || scanned == 0 {
		t.Errorf("%d problems from the text layer, %d from the scan: want some of each", text, scanned)
	}
	if countProblems(got) != countProblems(want) || got.Issuer != want.Issuer || got.Date != want.Date {
		t.Errorf("read %d problems, issuer %q, date %s; want %d, %q, %s", countProblems(got), got.Issuer, got.Date,
			countProblems(want), want.Issuer, want.Date)
	}
}

// TestScannedImage reads a page given as a PNG or a JPEG image, as a
// phone or a scanner saves it: the top of the second page of the notice,
// at 200 dpi, which holds its first problem.
func TestScannedImage(t *testing.T) {
	needPrograms(t, "pdftoppm", "tesseract")
	dir := t.TempDir()
	src := filepath.Join(dir, "source.pdf")
	if err := os.WriteFile(src, readFormat(t, "pdf_text_layer.pdf"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-gray", "-png", "-f", "2", "-l", "2", "-singlefile",
		"-x", "0", "-y", "0", "-W", "1654", "-H", "1000", src, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngData, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := pngenc.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"png", pngData}, {"jpeg", jpg.Bytes()}} {
		t.Run(tc.name, func(t *testing.T) { checkScannedPage(t, tc.data) })
	}
}

// checkScannedPage reads the image of the top of page 2.
func checkScannedPage(t *testing.T, data []byte) {
	got, err := ParseContext(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) == 0 || len(got.Findings[0].Problems) == 0 {
		t.Fatalf("no problem read from the image: %+v", got)
	}
	p := got.Findings[0].Problems[0]
	if p.Number != 1 || p.Title != "高标准农田建设后续管护缺位" || p.Status != rectify.StatusCompleted || len(p.Measures) != 3 {
		t.Errorf("problem %d %q %s with %d measures, want 1 高标准农田建设后续管护缺位 completed with 3", p.Number, p.Title, p.Status, len(p.Measures))
	}
	if len(got.Warnings) == 0 || got.Warnings[0].Code != CodeOCR || got.Warnings[0].Line != 0 {
		t.Errorf("no warning that the whole image was read by OCR: %+v", got.Warnings)
	}
	marked := map[int]bool{}
	for _, w := range got.Warnings {
		if w.Code == CodeOCR {
			marked[w.Line] = true
		}
	}
	for _, line := range []int{p.Line, p.StatusLine} {
		if !marked[line] {
			t.Errorf("line %d is not marked as read by OCR", line)
		}
	}
}

// TestFormatsWithoutPrograms: a server without the programs says which
// Debian package to install, in Chinese, and reads nothing.
func TestFormatsWithoutPrograms(t *testing.T) {
	var png bytes.Buffer
	if err := pngenc.Encode(&png, image.NewGray(image.Rect(0, 0, 300, 300))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", readFormat(t, "pdf_text_layer.pdf"), "读取 PDF 需要 pdfinfo，服务器上没有找到这个程序，请安装 poppler-utils"},
		{"doc", readFormat(t, "doc_word97.doc"), "请安装 libreoffice-writer-nogui（LibreOffice）"},
		{"rtf", []byte(`{\rtf1\ansi 整改}`), "需要 soffice"},
		{"png", png.Bytes(), "请安装 tesseract-ocr 和 tesseract-ocr-chi-sim"},
	}
	t.Setenv("PATH", t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data)
			if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), tc.want) {
				t.Errorf("err = %v, want EINVALID with %q", err, tc.want)
			}
		})
	}
}

// TestFormatLimits: too many pages, too many scanned pages, a run over its
// time and a damaged file are refused with a message, and nothing is left
// in the temporary directory.
func TestFormatLimits(t *testing.T) {
	needPrograms(t, "pdftotext", "pdfinfo", "pdftoppm")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	pdf := readFormat(t, "pdf_text_layer.pdf")
	lim := func(change func(*externLimits)) externLimits {
		l := defaultLimits
		change(&l)
		return l
	}
	tests := []struct {
		name string
		data []byte
		lim  externLimits
		code string
		want string
	}{
		{"pages", pdf, lim(func(l *externLimits) { l.MaxPages = 3 }), rectify.ETOOLARGE, "PDF 有 4 页，超过 3 页的上限"},
		{"time", pdf, lim(func(l *externLimits) { l.TextTimeout = time.Nanosecond }), rectify.ETOOLARGE, "读取 PDF 超时"},
		{"output", pdf, lim(func(l *externLimits) { l.MaxOutput = 1024 }), rectify.ETOOLARGE, "超过 0 MB"},
		{"damaged", append([]byte("%PDF-1.7\n"), make([]byte, 100)...), defaultLimits, rectify.EINVALID, "读取 PDF 失败"},
		{"encrypted-looking garbage", []byte("%PDF-1.4\n1 0 obj << /Encrypt 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"), defaultLimits, rectify.EINVALID, "读取 PDF 失败"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decode(context.Background(), tc.data, tc.lim)
			if rectify.ErrorCode(err) != tc.code || !strings.Contains(rectify.ErrorMessage(err), tc.want) {
				t.Errorf("err = %v, want %s with %q", err, tc.code, tc.want)
			}
		})
	}
	t.Run("scanned pages over the limit", func(t *testing.T) {
		scan := blankScanPDF(t)
		_, err := decode(context.Background(), scan, lim(func(l *externLimits) { l.MaxOCRPages = 0 }))
		if rectify.ErrorCode(err) != rectify.ETOOLARGE || !strings.Contains(rectify.ErrorMessage(err), "文字识别最多处理 0 页") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("OCR over its time", func(t *testing.T) {
		needPrograms(t, "tesseract")
		for _, tc := range []struct {
			name string
			lim  externLimits
			want string
		}{
			{"all pages", lim(func(l *externLimits) { l.OCRTimeout = time.Nanosecond }), "文字识别超时"},
			{"one page", lim(func(l *externLimits) { l.PageTimeout = time.Nanosecond }), "识别扫描的 PDF 超时"},
		} {
			_, err := decode(context.Background(), blankScanPDF(t), tc.lim)
			if rectify.ErrorCode(err) != rectify.ETOOLARGE || !strings.Contains(rectify.ErrorMessage(err), tc.want) {
				t.Errorf("%s: err = %v, want ETOOLARGE with %q", tc.name, err, tc.want)
			}
		}
	})
	t.Run("a cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := decode(ctx, pdf, defaultLimits)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}

// blankScanPDF is a one-page PDF with no text: a blank page, as a scan
// without its image.
func blankScanPDF(t testing.TB) []byte {
	t.Helper()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// skipExternal skips a fuzz input that external programs would read (a
// PDF, an image, an OLE or RTF file): their Go side is fuzzed on its own
// (FuzzBBoxLayout, FuzzTesseractTSV, FuzzRepairOCR), and starting
// LibreOffice per input would only slow the fuzzer down.
func skipExternal(t *testing.T, data []byte) {
	if isPDF(data) || bytes.HasPrefix(data, oleMagic) || bytes.HasPrefix(data, pngMagic) ||
		bytes.HasPrefix(data, jpegMagic) || bytes.HasPrefix(data, []byte("{\\rtf")) {
		t.Skip("read by an external program")
	}
}

// TestFormatDetection: the format is told by the content, whatever the
// name: Word 97 and the WPS of Kingsoft (a Word document stream) go to
// LibreOffice as .doc, other OLE files (Microsoft Works) as .wps; a PDF may
// open after whitespace.
func TestFormatDetection(t *testing.T) {
	if ext := oleExt(readFormat(t, "doc_word97.doc")); ext != "doc" {
		t.Errorf("Word 97 file sent as .%s", ext)
	}
	if ext := oleExt(append(append([]byte{}, oleMagic...), make([]byte, 512)...)); ext != "wps" {
		t.Errorf("an OLE file without a Word stream sent as .%s", ext)
	}
	xls := append(append(append([]byte{}, oleMagic...), make([]byte, 512)...), asciiUTF16("Workbook")...)
	if _, err := Parse(xls); rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), "另存为 .xlsx") {
		t.Errorf("an .xls: %v", err)
	}
	for _, tc := range []struct {
		data string
		want bool
	}{
		{"%PDF-1.7\n", true}, {"\r\n  %PDF-1.4", true}, {"\xEF\xBB\xBF%PDF-1.4", true},
		{"%PDF", false}, {"关于%PDF-1.4", false}, {"", false},
	} {
		if got := isPDF([]byte(tc.data)); got != tc.want {
			t.Errorf("isPDF(%q) = %v", tc.data, got)
		}
	}
}

// TestRTF reads a notice saved as RTF (as some office suites and mail
// clients save it), through LibreOffice, as its text.
func TestRTF(t *testing.T) {
	needPrograms(t, "soffice")
	text := readFormat(t, "shimen_street.txt")
	want := parseOK(t, text)
	got, err := ParseContext(context.Background(), rtfOf(string(text)))
	if err != nil {
		t.Fatal(err)
	}
	diffOutlines(t, "rtf", outlineWithoutNextSteps(got), outlineWithoutNextSteps(want))
}

// rtfOf writes text as RTF: a paragraph per line, every character beyond
// ASCII as a \u escape.
func rtfOf(text string) []byte {
	var b strings.Builder
	b.WriteString(`{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil Noto Serif CJK SC;}}\f0\fs32 `)
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		for _, r := range line {
			switch {
			case r == '\\' || r == '{' || r == '}':
				b.WriteString(`\` + string(r))
			case r < 0x80:
				b.WriteRune(r)
			case r < 0x8000:
				fmt.Fprintf(&b, `\u%d?`, r)
			default:
				fmt.Fprintf(&b, `\u%d?`, r-0x10000)
			}
		}
		b.WriteString("\\par\n")
	}
	b.WriteString("}")
	return []byte(b.String())
}
