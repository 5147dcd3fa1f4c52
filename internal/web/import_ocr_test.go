package web

import (
	"testing"

	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
)

// TestPreviewMarksOCR: a problem whose heading or result was read by OCR is
// marked in the preview, so that the person importing a scan checks it.
func TestPreviewMarksOCR(t *testing.T) {
	doc := &notice.Document{Findings: []notice.Finding{{Number: 1, Title: "甲", Problems: []notice.Problem{
		{Number: 1, Title: "从文字层读出", Line: 3, StatusLine: 4},
		{Number: 2, Title: "标题由文字识别读出", Line: 7, StatusLine: 8},
		{Number: 3, Title: "结果由文字识别读出", Line: 9, StatusLine: 10},
	}}}}
	p := &importer.Preview{Document: doc, Lint: []notice.Warning{
		{Line: 0, Code: notice.CodeOCR, Message: "PDF 第 2 页没有文字层"},
		{Line: 3, Code: notice.CodeNoMeasures, Message: "缺少整改情况"},
		{Line: 7, Code: notice.CodeOCR, Message: "此行由文字识别得到（第 2 页），请核对"},
		{Line: 10, Code: notice.CodeOCR, Message: "此行由文字识别得到（第 2 页），请核对"},
	}}
	got := previewFindings(p)
	want := []bool{false, true, true}
	for i, pp := range got[0].Problems {
		if pp.OCR != want[i] {
			t.Errorf("problem %d %q: OCR %v, want %v", pp.Number, pp.Title, pp.OCR, want[i])
		}
	}
}
