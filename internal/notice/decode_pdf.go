package notice

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice/extern"
)

// formatPDF is a PDF: its text layer read by pdftotext, pages without one
// by OCR.
const formatPDF = "pdf"

// externLimits bound the programs that read PDFs, scans and old Word files.
type externLimits struct {
	MaxPages      int           // pages of a PDF read at all
	MaxOCRPages   int           // pages read by OCR
	TextTimeout   time.Duration // pdfinfo, pdftotext
	PageTimeout   time.Duration // rasterising and reading one page by OCR
	OCRTimeout    time.Duration // all the OCR of one file
	OfficeTimeout time.Duration // a LibreOffice conversion
	MaxOutput     int64         // bytes a program may write
}

// defaultLimits are the limits of Parse: a notice is rarely over 30 pages;
// a scanned page takes Tesseract 10–20 s on two cores.
var defaultLimits = externLimits{
	MaxPages:      200,
	MaxOCRPages:   30,
	TextTimeout:   time.Minute,
	PageTimeout:   3 * time.Minute,
	OCRTimeout:    10 * time.Minute,
	OfficeTimeout: 2 * time.Minute,
	MaxOutput:     32 << 20,
}

// minTextLayer is how many Chinese characters a page's text layer must
// have to be read as text; a page with fewer is taken for a scan.
const minTextLayer = 10

// decodePDF reads a PDF: each page's text layer through pdftotext, and
// pages that have none (scans) through OCR.
func decodePDF(ctx context.Context, data []byte, lim externLimits) (decoded, error) {
	dir, err := os.MkdirTemp("", "rectify-pdf-")
	if err != nil {
		return decoded{}, fmt.Errorf("notice: pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "input.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return decoded{}, fmt.Errorf("notice: pdf: %w", err)
	}
	opt := extern.Options{Purpose: "读取 PDF", Timeout: lim.TextTimeout, MaxOutput: lim.MaxOutput, Dir: dir}
	info, err := extern.Run(ctx, extern.PDFInfo, []string{file}, opt)
	if err != nil {
		return decoded{}, err
	}
	pages := pdfPageCount(info)
	if pages == 0 {
		return decoded{}, rectify.Errorf(rectify.EINVALID, "PDF 文件中没有页面")
	}
	if pages > lim.MaxPages {
		return decoded{}, rectify.Errorf(rectify.ETOOLARGE, "PDF 有 %d 页，超过 %d 页的上限，不像是一份通报", pages, lim.MaxPages)
	}
	out, err := extern.Run(ctx, extern.PDFToText, []string{"-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", strconv.Itoa(pages), file, "-"}, opt)
	if err != nil {
		return decoded{}, err
	}
	bp, err := parseBBoxLayout(out)
	if err != nil {
		return decoded{}, err
	}
	var scans []int
	for i := range bp {
		if !hasTextLayer(bp[i]) {
			scans = append(scans, i)
		}
	}
	var warns []Warning
	if len(scans) > 0 {
		if len(scans) > lim.MaxOCRPages {
			return decoded{}, rectify.Errorf(rectify.ETOOLARGE, "PDF 中有 %d 页是扫描图片，文字识别最多处理 %d 页，请拆分文件或提供带文字的 PDF、Word 文档", len(scans), lim.MaxOCRPages)
		}
		ocrCtx, cancel := context.WithTimeout(ctx, lim.OCRTimeout)
		defer cancel()
		read, err := ocrPages(ocrCtx, dir, file, scans, lim)
		if err != nil {
			if ctx.Err() == nil && ocrCtx.Err() != nil {
				return decoded{}, rectify.Errorf(rectify.ETOOLARGE, "文字识别超时：%s 内没有读完 %d 页扫描件，请拆分文件后再导入", lim.OCRTimeout, len(scans))
			}
			return decoded{}, err
		}
		for k, i := range scans {
			bp[i] = read[k]
		}
		warns = append(warns, Warning{Code: CodeOCR, Message: ocrSummary(scans, len(bp))})
	}
	dec := fromLayout(formatPDF, layoutText(bp))
	dec.warnings = append(warns, dec.warnings...)
	if len(dec.lines) == 0 {
		return decoded{}, rectify.Errorf(rectify.EINVALID, "PDF 中没有可读取的文字")
	}
	return dec, nil
}

// ocrSummary says which pages were read by OCR.
func ocrSummary(scans []int, pages int) string {
	if len(scans) == pages {
		return fmt.Sprintf("PDF 没有文字层（扫描件），全部 %d 页由文字识别（OCR）读出，请逐行与原件核对", pages)
	}
	nums := make([]string, len(scans))
	for i, s := range scans {
		nums[i] = strconv.Itoa(s + 1)
	}
	return fmt.Sprintf("PDF 第 %s 页没有文字层（扫描件），由文字识别（OCR）读出，请与原件核对", strings.Join(nums, "、"))
}

// fromLayout makes the decoded lines of laid-out text; every line read by
// OCR gets a warning, so that lint and the import preview show it.
func fromLayout(format string, ls []layoutLine) decoded {
	dec := decoded{format: format, lines: make([]string, 0, len(ls))}
	for _, l := range ls {
		text := l.text
		if l.ocr {
			text = repairDoubted(repairOCR(text), l.low)
		}
		dec.lines = append(dec.lines, text)
		if l.ocr {
			msg := fmt.Sprintf("此行由文字识别得到（第 %d 页），请核对", l.page)
			if len(l.low) > 0 {
				low := l.low
				if len(low) > 5 {
					low = low[:5]
				}
				msg += "；把握较低的字：“" + strings.Join(low, "”“") + "”"
			}
			dec.warnings = append(dec.warnings, Warning{Line: len(dec.lines), Code: CodeOCR, Message: msg})
		}
	}
	return dec
}

// isPDF reports whether data is a PDF: "%PDF-" at its start, after
// whitespace at most.
func isPDF(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f"), []byte("%PDF-"))
}

// pdfPageCount reads "Pages: N" from pdfinfo's output.
func pdfPageCount(info []byte) int {
	for _, l := range strings.Split(string(info), "\n") {
		if rest, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			return n
		}
	}
	return 0
}

// hasTextLayer reports whether a page's text has enough Chinese to be read
// as it is.
func hasTextLayer(pg boxPage) bool {
	n := 0
	for _, l := range pg.lines {
		for _, r := range l.text {
			if unicode.Is(unicode.Han, r) {
				n++
				if n >= minTextLayer {
					return true
				}
			}
		}
	}
	return false
}

// parseBBoxLayout reads the XHTML of pdftotext -bbox-layout: pages, their
// lines and the words of each line with their boxes.
func parseBBoxLayout(data []byte) ([]boxPage, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages []boxPage
	var words []boxWord
	var word *boxWord
	var text strings.Builder
	inLine := false
	lines := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rectify.Errorf(rectify.EINVALID, "无法读取 pdftotext 的输出：%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "page":
				pages = append(pages, boxPage{w: attrFloat(t, "width"), h: attrFloat(t, "height")})
			case "line":
				inLine, words = true, words[:0]
			case "word":
				if inLine {
					word = &boxWord{x0: attrFloat(t, "xMin"), y0: attrFloat(t, "yMin"), x1: attrFloat(t, "xMax"), y1: attrFloat(t, "yMax"), conf: -1}
					text.Reset()
				}
			}
		case xml.CharData:
			if word != nil && text.Len() < maxLineRunes {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "word":
				if word != nil {
					word.text = text.String()
					words = append(words, *word)
					word = nil
				}
			case "line":
				inLine = false
				if len(pages) == 0 || len(words) == 0 || lines >= maxLayoutLines {
					continue
				}
				lines++
				l := boxLine{x0: words[0].x0, y0: words[0].y0, x1: words[0].x1, y1: words[0].y1, text: joinWords(words)}
				for _, w := range words[1:] {
					l.x0, l.y0 = min(l.x0, w.x0), min(l.y0, w.y0)
					l.x1, l.y1 = max(l.x1, w.x1), max(l.y1, w.y1)
				}
				pg := &pages[len(pages)-1]
				pg.lines = append(pg.lines, l)
			}
		}
	}
	return pages, nil
}

func attrFloat(t xml.StartElement, name string) float64 {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			f, err := strconv.ParseFloat(a.Value, 64)
			if err != nil || f != f || f > 1e7 || f < -1e7 {
				return 0
			}
			return f
		}
	}
	return 0
}
