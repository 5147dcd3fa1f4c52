package office

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// waterOrder is the supervision order of an invented water bureau: two red
// problems and a yellow one.
func waterOrder() *Supervision {
	d := rectify.MustDate
	return &Supervision{Title: "巡察整改督办单", To: "中共青石县水务局党组", Office: "中共青石县委巡察工作领导小组办公室",
		AsOf:    d("2024-03-01"),
		Summary: "截至2024年3月1日，你单位巡察反馈问题中有2个亮红灯（已逾期）、1个亮黄灯（临近整改时限），具体如下：",
		Items: []SupervisionItem{
			{Number: 3, Title: "小型水库除险加固验收滞后", OwnerUnit: "工程股", Leader: "刘副局长", Due: d("2024-01-31"), Late: "逾期 30 天", Status: "整改中"},
			{Number: 7, Title: "河道采砂整治推进迟缓，巡查记录流于形式", OwnerUnit: "河湖管理股", Leader: "李明", Due: d("2024-02-20"), Late: "逾期 10 天", Status: "未开始"},
			{Number: 4, Title: "农村饮水工程维护机制不健全", OwnerUnit: "农水股", Leader: "陈副局长", Late: "距节点还有 2 天", Status: "长期整改"},
		},
		Request: "请于5个工作日内书面报告逾期原因和整改计划，并按期完成整改。"}
}

func supervisionBytes(t testing.TB, s *Supervision) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSupervisionDocx(&b, s); err != nil {
		t.Fatalf("WriteSupervisionDocx: %v", err)
	}
	return b.Bytes()
}

// TestSupervisionDocxGolden pins the body of the supervision order; the
// other parts are the notice's (TestNoticeDocxGolden).
func TestSupervisionDocxGolden(t *testing.T) {
	parts := zipParts(t, supervisionBytes(t, waterOrder()))
	golden(t, "supervision_document.xml.golden", parts["word/document.xml"])
	for name, b := range parts {
		if err := wellFormed(b); err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
		}
	}
	for _, name := range []string{"word/styles.xml", "word/footer1.xml", "[Content_Types].xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
}

func TestSupervisionDocxContent(t *testing.T) {
	tests := []struct {
		name string
		s    *Supervision
		want []string
	}{
		{"a unit's order", waterOrder(), []string{"巡察整改督办单", "督办对象：中共青石县水务局党组", "问题3</w:t>", ">小型水库除险加固验收滞后<",
			"逾期 30 天", "2024年1月31日", "距节点还有 2 天", "未定", "督办要求：请于5个工作日内", "签收日期", "<w:tblHeader/>"}},
		{"nothing red or yellow", &Supervision{Title: "巡察整改督办单", To: "青石县水文站党支部", AsOf: rectify.MustDate("2024-03-01")},
			[]string{"没有红灯、黄灯问题", "<w:gridSpan w:val=\"6\"/>"}},
		{"text to escape", &Supervision{Title: "督办单", To: "<单位&>", Items: []SupervisionItem{{Title: "a<b>&c"}}},
			[]string{"&lt;单位&amp;&gt;", "a&lt;b&gt;&amp;c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := string(zipParts(t, supervisionBytes(t, tt.s))["word/document.xml"])
			for _, w := range tt.want {
				if !strings.Contains(doc, w) {
					t.Errorf("document.xml lacks %q", w)
				}
			}
		})
	}
	if err := WriteSupervisionDocx(&bytes.Buffer{}, nil); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("nil: %v", err)
	}
}

// TestSupervisionWithLibreOffice opens the order as its readers do: with
// LibreOffice, converted to PDF, A4, every problem and the request there.
func TestSupervisionWithLibreOffice(t *testing.T) {
	o := needOffice(t)
	s := waterOrder()
	file := filepath.Join(o.dir, "supervision.docx")
	if err := os.WriteFile(file, supervisionBytes(t, s), 0o644); err != nil {
		t.Fatal(err)
	}
	text, _ := o.checkPDF(t, o.convert(t, file, "pdf", "pdf"), 1)
	for _, want := range []string{"巡察整改督办单", "督办对象：中共青石县水务局党组", "小型水库除险加固验收滞后", "逾期30天", "距节点还",
		"督办要求：请于5个工作日内书面报告逾期原因和整改计划", "签收单位负责人（签字）"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}
