package office

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// typedOnce is an inspection typed by hand whose notice texts were typed
// once on its page: no title, no statuses yet, every contact given.
func typedOnce() *rectify.Inspection {
	feedback := rectify.MustDate("2025-06-16")
	return &rectify.Inspection{
		UnitName: "中共东川县市场监督管理局党组", Team: "县委第四巡察组", Kind: rectify.KindRegular,
		Start: rectify.MustDate("2025-03-03"), End: rectify.MustDate("2025-04-30"), Feedback: feedback,
		Issuer:    "中共东川县市场监督管理局党组",
		Opening:   "县委第四巡察组对我局党组开展常规巡察后，局党组把整改作为重大政治任务，逐条对照、立行立改。",
		Work:      []string{"局党组书记履行第一责任人职责，召开专题会议六次。", "建立整改台账，实行销号管理。"},
		NextSteps: []string{"对照问题清单开展回头看，防止问题反弹。", "把整改成果转化为长效制度。"},
		Contact: rectify.Contact{Phone: "0000-3312200", Address: "东川县建设路21号", Mailbox: "东川县邮政208信箱",
			Email: "scjg@example.cn"},
		Findings: []*rectify.Finding{{Number: 1, Title: "食品安全监管存在短板", Problems: []*rectify.Problem{
			{Number: 1, Title: "校园周边食品抽检频次不足", Opened: feedback, Measures: measures("制定校园周边食品抽检计划")}}}},
	}
}

// typedTexts are the texts of typedOnce as a reader should find them, each
// exactly once where the notice has one copy (the issuer twice: above the
// title and as the signature).
var typedTexts = []struct {
	text  string
	count int
}{
	{"中共东川县市场监督管理局党组", 2},
	{"关于县委第四巡察组常规巡察反馈意见整改进展情况的通报", 1},
	{"局党组把整改作为重大政治任务，逐条对照、立行立改。", 1},
	{"局党组书记履行第一责任人职责，召开专题会议六次。", 1},
	{"对照问题清单开展回头看，防止问题反弹。", 1},
	{"联系电话：0000-3312200", 1},
	{"地址：东川县建设路21号", 1},
	{"邮政信箱：东川县邮政208信箱", 1},
	{"电子邮箱：scjg@example.cn", 1},
	{"2025年6月16日", 1},
}

// TestNoticeTypedOnceDocx: the texts typed once on the inspection's page
// are in the .docx, each where the layout puts it, and the document is
// pinned by a golden file.
func TestNoticeTypedOnceDocx(t *testing.T) {
	doc := zipParts(t, docxBytes(t, typedOnce(), NoticeOptions{}))["word/document.xml"]
	golden(t, "notice_typed_once_document.xml.golden", doc)
	text := docxText(string(doc))
	for _, w := range typedTexts {
		if got := strings.Count(text, w.text); got != w.count {
			t.Errorf("the .docx holds %q %d times, want %d", w.text, got, w.count)
		}
	}
}

// docxText returns the text of document.xml's runs, paragraphs joined.
func docxText(xml string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`).FindAllStringSubmatch(xml, -1) {
		b.WriteString(m[1])
	}
	return b.String()
}

// TestNoticeTypedOncePDF reads the PDF back with pdftotext: the texts typed
// once are there.
func TestNoticeTypedOncePDF(t *testing.T) {
	fonts := systemFonts(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		needTool(t, "pdftotext is not installed (Debian: poppler-utils)")
	}
	file := filepath.Join(t.TempDir(), "notice.pdf")
	if err := os.WriteFile(file, pdfBytes(t, typedOnce(), PDFOptions{Fonts: fonts}), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Without spaces, and without the page numbers (— 1 —) that a page
	// break puts inside a paragraph's text.
	text := regexp.MustCompile(`—\d+—`).ReplaceAllString(strings.Join(strings.Fields(string(out)), ""), "")
	for _, w := range typedTexts {
		if got := strings.Count(text, w.text); got != w.count {
			t.Errorf("the PDF holds %q %d times, want %d:\n%s", w.text, got, w.count, text)
		}
	}
}
