package notice

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice/extern"
)

// formatDoc is an old binary Word document (.doc), a WPS document (.wps)
// or RTF: LibreOffice converts it to .docx, which is read as a .docx.
const formatDoc = "doc"

// decodeOffice converts a .doc, .wps or .rtf to .docx with LibreOffice
// (headless, a fresh profile for the run, under a deadline) and reads the
// result as a .docx.
func decodeOffice(ctx context.Context, data []byte, ext string, lim externLimits) (decoded, error) {
	dir, err := os.MkdirTemp("", "rectify-doc-")
	if err != nil {
		return decoded{}, fmt.Errorf("notice: doc: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "input."+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return decoded{}, fmt.Errorf("notice: doc: %w", err)
	}
	outDir := filepath.Join(dir, "out")
	purpose := "读取 Word 97–2003（.doc）或 WPS 文档"
	_, err = extern.Run(ctx, extern.Soffice, []string{
		"--headless", "--norestore", "--nolockcheck", "--nodefault",
		"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", outDir, in,
	}, extern.Options{Purpose: purpose, Timeout: lim.OfficeTimeout, MaxOutput: 1 << 20, Dir: dir,
		Env: []string{"HOME=" + dir}})
	if err != nil {
		return decoded{}, err
	}
	out := filepath.Join(outDir, "input.docx")
	st, err := os.Stat(out)
	if err != nil {
		// soffice exits 0 when it cannot open a file, and writes nothing.
		return decoded{}, rectify.Errorf(rectify.EINVALID, "%s失败：LibreOffice 无法打开这个文件，它可能已损坏或有密码保护", purpose)
	}
	if st.Size() > lim.MaxOutput {
		return decoded{}, rectify.Errorf(rectify.ETOOLARGE, "转换后的文档超过 %d MB，不像是一份通报", lim.MaxOutput>>20)
	}
	docx, err := os.ReadFile(out)
	if err != nil {
		return decoded{}, fmt.Errorf("notice: doc: %w", err)
	}
	lines, warns, err := decodeDocx(docx)
	return decoded{format: formatDoc, lines: lines, warnings: warns}, err
}

// oleMagic opens an OLE compound file: .doc, .wps, .xls, .ppt.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleExt names an OLE file for LibreOffice: "doc" when it holds a Word
// document stream (Word, and the WPS of Kingsoft, which writes the same
// format), else "wps" (Microsoft Works), for LibreOffice to sniff.
func oleExt(data []byte) string {
	if bytes.Contains(data, asciiUTF16("WordDocument")) {
		return "doc"
	}
	return "wps"
}

// isOldWorkbook reports whether an OLE file is an Excel 97–2003 workbook
// (a Workbook stream and no Word document stream).
func isOldWorkbook(data []byte) bool {
	return bytes.Contains(data, asciiUTF16("Workbook")) && !bytes.Contains(data, asciiUTF16("WordDocument"))
}

func asciiUTF16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
