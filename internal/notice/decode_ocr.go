package notice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of scans
	_ "image/png"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice/extern"
)

// formatScan is an image of a page (PNG, JPEG), read by OCR.
const formatScan = "scan"

// CodeOCR marks a line read by OCR (文字识别): it may hold misread
// characters and should be checked against the original.
const CodeOCR = "ocr"

// The resolution pages are rasterised at for OCR, and the largest image
// read (a 600 dpi A3 scan is about 70 million pixels).
const (
	ocrDPI        = 200
	maxOCRPixels  = 80_000_000
	minOCRSide    = 200 // a page photographed smaller than this has no legible text
	lowOCRConf    = 50  // words read with less confidence are named in the warning
	maxOCRWorkers = 4   // pages read at once
)

// The signatures of the image formats read by OCR.
var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
)

// ocrPDFPage rasterises page n of the PDF at 200 dpi in grey and reads it
// by OCR.
func ocrPDFPage(ctx context.Context, dir, file string, n int, lim externLimits) (boxPage, error) {
	base := filepath.Join(dir, "page-"+strconv.Itoa(n))
	page := strconv.Itoa(n)
	_, err := extern.Run(ctx, extern.PDFToPPM, []string{"-r", strconv.Itoa(ocrDPI), "-gray", "-png", "-f", page, "-l", page, "-singlefile", file, base},
		extern.Options{Purpose: "识别扫描的 PDF", Timeout: lim.PageTimeout, Dir: dir})
	if err != nil {
		return boxPage{}, err
	}
	img := base + ".png"
	defer os.Remove(img)
	return ocrImageFile(ctx, img, lim)
}

// ocrPages reads the pages of the PDF (0-based) by OCR, a few at a time:
// Tesseract uses one core well, and no more.
func ocrPages(ctx context.Context, dir, file string, pages []int, lim externLimits) ([]boxPage, error) {
	out := make([]boxPage, len(pages))
	errs := make([]error, len(pages))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, min(max(runtime.NumCPU(), 1), maxOCRWorkers))
	var wg sync.WaitGroup
	for k, i := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[k] = ctx.Err()
				return
			}
			out[k], errs[k] = ocrPDFPage(ctx, dir, file, i+1, lim)
			if errs[k] != nil {
				cancel() // the first failure stops the rest
			}
		}()
	}
	wg.Wait()
	// The first failure in page order that is not the cancellation it caused.
	var first error
	for _, err := range errs {
		if err != nil && first == nil {
			first = err
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	return out, first
}

// ocrImageFile reads an image by Tesseract with the simplified-Chinese
// model.
func ocrImageFile(ctx context.Context, img string, lim externLimits) (boxPage, error) {
	out, err := extern.Run(ctx, extern.Tesseract, []string{img, "-", "-l", "chi_sim", "tsv"},
		extern.Options{Purpose: "文字识别（OCR）", Timeout: lim.PageTimeout, MaxOutput: lim.MaxOutput, Dir: filepath.Dir(img),
			Env: []string{"OMP_THREAD_LIMIT=1"}})
	if err != nil {
		return boxPage{}, err
	}
	pg := parseTesseractTSV(out)
	pg.ocr = true
	return pg, nil
}

// decodeImage reads a scanned page given as a PNG or JPEG image.
func decodeImage(ctx context.Context, data []byte, ext string, lim externLimits) (decoded, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return decoded{}, rectify.Errorf(rectify.EINVALID, "图片文件已损坏，无法读取")
	}
	if cfg.Width < minOCRSide || cfg.Height < minOCRSide {
		return decoded{}, rectify.Errorf(rectify.EINVALID, "图片只有 %d×%d 像素，太小，无法识别出通报的文字", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxOCRPixels {
		return decoded{}, rectify.Errorf(rectify.ETOOLARGE, "图片为 %d×%d 像素，超过文字识别的上限（%d 万像素）", cfg.Width, cfg.Height, maxOCRPixels/10000)
	}
	dir, err := os.MkdirTemp("", "rectify-scan-")
	if err != nil {
		return decoded{}, fmt.Errorf("notice: scan: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "input."+ext)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return decoded{}, fmt.Errorf("notice: scan: %w", err)
	}
	pg, err := ocrImageFile(ctx, file, lim)
	if err != nil {
		return decoded{}, err
	}
	dec := fromLayout(formatScan, layoutText([]boxPage{pg}))
	if len(dec.lines) == 0 {
		return decoded{}, rectify.Errorf(rectify.EINVALID, "图片中没有识别出文字")
	}
	dec.warnings = append([]Warning{{Code: CodeOCR, Message: "图片由文字识别（OCR）读出，请逐行与原件核对"}}, dec.warnings...)
	return dec, nil
}

// parseTesseractTSV reads Tesseract's TSV output: the page size, and each
// line's box with the text and confidence of its words.
func parseTesseractTSV(data []byte) boxPage {
	var pg boxPage
	type key struct{ block, par, line int }
	index := map[key]int{}
	var words [][]boxWord
	for _, row := range strings.Split(string(data), "\n") {
		f := strings.Split(strings.TrimRight(row, "\r"), "\t")
		if len(f) < 11 {
			continue
		}
		level, err := strconv.Atoi(f[0])
		if err != nil {
			continue // the header
		}
		num := func(i int) int {
			n, _ := strconv.Atoi(f[i])
			return n
		}
		left, top, width, height := float64(num(6)), float64(num(7)), float64(num(8)), float64(num(9))
		k := key{num(2), num(3), num(4)}
		switch level {
		case 1:
			pg.w, pg.h = width, height
		case 4:
			if len(pg.lines) >= maxLayoutLines {
				continue
			}
			index[k] = len(pg.lines)
			pg.lines = append(pg.lines, boxLine{x0: left, y0: top, x1: left + width, y1: top + height})
			words = append(words, nil)
		case 5:
			i, ok := index[k]
			if !ok || len(f) < 12 {
				continue
			}
			conf, err := strconv.ParseFloat(f[10], 64)
			if err != nil {
				conf = -1
			}
			words[i] = append(words[i], boxWord{x0: left, y0: top, x1: left + width, y1: top + height, text: f[11], conf: conf})
		}
	}
	kept := pg.lines[:0]
	for i, l := range pg.lines {
		l.text = joinWords(words[i])
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		for _, w := range words[i] {
			if t := strings.TrimSpace(w.text); w.conf >= 0 && w.conf < lowOCRConf && t != "" && len(l.low) < 20 {
				l.low = append(l.low, t)
			}
		}
		kept = append(kept, l)
	}
	pg.lines = kept
	return pg
}
