package web

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/office"
)

// TestNoticeDownloads checks every format of the notice and the ledgers:
// their type, an attachment named in UTF-8, and their first bytes.
func TestNoticeDownloads(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	in := "/inspections/" + id(fx.in.ID)
	tests := []struct {
		name, path, contentType, file string
		start                         []byte
		contains                      string
	}{
		{"text", in + "/notice.txt", "text/plain; charset=utf-8", "巡察整改进展情况的通报.txt", []byte("中共青石县水务局党组"), "整改结果：整改中"},
		{"text as of a day", in + "/notice.txt?as_of=2023-12-31", "text/plain; charset=utf-8", "（截至2023年12月31日）.txt", nil, "截至12月31日"},
		{"markdown", in + "/notice.md", "text/markdown; charset=utf-8", ".md", nil, "# 关于县委第一巡察组专项巡察反馈意见整改进展情况的通报"},
		{"word", in + "/notice.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", []byte("PK"), ""},
		{"the inspection's ledger", in + "/ledger.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "巡察整改台账（2024年3月1日）.xlsx", []byte("PK"), ""},
		{"the scope's ledger", "/problems/ledger.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "整改台账（2024年3月1日）.xlsx", []byte("PK"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := hs.get("tianbao", tt.path)
			if w.Code != 200 {
				t.Fatalf("%d %s", w.Code, text(w.Body.String()))
			}
			if ct := w.Header().Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type %q", ct)
			}
			cd := w.Header().Get("Content-Disposition")
			if !strings.HasPrefix(cd, "attachment; ") || !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(decodeFilename(t, cd), tt.file) {
				t.Errorf("Content-Disposition %q, want a file named …%s", cd, tt.file)
			}
			if !bytes.HasPrefix(w.Body.Bytes(), tt.start) || !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body %.200q", w.Body.String())
			}
		})
	}
	t.Run("pdf without fonts says which to install", func(t *testing.T) {
		hs.w.Fonts = nil
		expect(t, hs.get("tianbao", in+"/notice.pdf"), http.StatusUnprocessableEntity, "未找到可嵌入 PDF 的中文字体", "fonts-noto-cjk")
	})
	t.Run("pdf", func(t *testing.T) {
		fonts, err := office.SystemFonts(os.Getenv)
		if err != nil {
			t.Skip("no Chinese font here")
		}
		hs.w.Fonts = fonts
		w := hs.get("tianbao", in+"/notice.pdf")
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF")) {
			t.Fatalf("%d %s %.100q", w.Code, w.Header(), w.Body.String())
		}
		expect(t, hs.get("tianbao", in+"/notice"), 200, `data-testid="notice-pdf"`)
	})
	t.Run("a ledger of a unit out of scope", func(t *testing.T) {
		expect(t, hs.get("tianbao", "/problems/ledger.xlsx?unit="+id(hs.other.ID)), http.StatusForbidden, "无权查看本单位范围以外的记录")
	})
}

// decodeFilename returns the UTF-8 file name of a Content-Disposition.
func decodeFilename(t *testing.T, cd string) string {
	t.Helper()
	_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
	if !ok {
		return ""
	}
	var b []byte
	for i := 0; i < len(enc); i++ {
		if enc[i] == '%' && i+2 < len(enc) {
			var v byte
			for _, c := range []byte(enc[i+1 : i+3]) {
				v <<= 4
				switch {
				case c >= '0' && c <= '9':
					v |= c - '0'
				case c >= 'A' && c <= 'F':
					v |= c - 'A' + 10
				}
			}
			b = append(b, v)
			i += 2
			continue
		}
		b = append(b, enc[i])
	}
	return string(b)
}
