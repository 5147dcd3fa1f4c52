package notice

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The input formats Parse recognises from the content.
const (
	formatText = "text"
	formatDocx = "docx"
	formatHTML = "html"
)

// decoded is an input turned into lines of text: the lines of a text file,
// the paragraphs of a .docx, the blocks of a web page.
type decoded struct {
	format   string
	lines    []string
	warnings []Warning
}

// decode detects the format of data and extracts its lines; PDFs, scans
// and old Word files are read by external programs within lim. It returns
// an EINVALID *rectify.Error when data is empty, binary or a damaged or
// foreign container, or a program it needs is missing.
func decode(ctx context.Context, data []byte, lim externLimits) (decoded, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return decoded{}, rectify.Errorf(rectify.EINVALID, "通报内容为空")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		lines, warns, err := decodeDocx(data)
		return decoded{format: formatDocx, lines: lines, warnings: warns}, err
	case bytes.HasPrefix(data, oleMagic):
		if isOldWorkbook(data) {
			return decoded{}, rectify.Errorf(rectify.EINVALID, "这是 Excel 97–2003 工作簿（.xls），不是通报；问题清单请另存为 .xlsx 后导入")
		}
		return decodeOffice(ctx, data, oleExt(data), lim)
	case isPDF(data):
		return decodePDF(ctx, data, lim)
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return decodeOffice(ctx, data, "rtf", lim)
	case bytes.HasPrefix(data, pngMagic):
		return decodeImage(ctx, data, "png", lim)
	case bytes.HasPrefix(data, jpegMagic):
		return decodeImage(ctx, data, "jpg", lim)
	case looksLikeHTML(data):
		lines, warns, err := decodeHTML(data)
		return decoded{format: formatHTML, lines: lines, warnings: warns}, err
	}
	text, warns, err := decodeText(data)
	if err != nil {
		return decoded{}, err
	}
	return decoded{format: formatText, lines: splitLines(text), warnings: warns}, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText turns the bytes of a text file into a string: UTF-8 with or
// without a byte order mark, UTF-16 with a byte order mark, or GB18030 (which
// covers GBK and GB2312) when the bytes are not UTF-8.
func decodeText(data []byte) (string, []Warning, error) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return checkBinary(decodeUTF16(data[2:], false))
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return checkBinary(decodeUTF16(data[2:], true))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", nil, errBinary()
	}
	if utf8.Valid(data) {
		return checkBinary(string(data))
	}
	// A few broken sequences in an otherwise UTF-8 file (a cut-off last
	// character, a stray byte) should not turn every character into
	// mojibake: keep UTF-8 and say so.
	bad, nonASCII := invalidUTF8(data)
	if bad*100 < nonASCII && bad <= 16 {
		s := strings.ToValidUTF8(string(data), "\uFFFD")
		text, warns, err := checkBinary(s)
		warns = append(warns, Warning{Code: "encoding", Message: fmt.Sprintf("文件中有%d处无法识别的字符，已替换为“\uFFFD”", bad)})
		return text, warns, err
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", nil, rectify.Errorf(rectify.EINVALID, "无法识别文件的编码（既不是 UTF-8，也不是 GBK/GB18030）")
	}
	return checkBinary(string(out))
}

// invalidUTF8 counts the invalid sequences and the non-ASCII bytes of data.
func invalidUTF8(data []byte) (bad, nonASCII int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		nonASCII += size
		i += size
	}
	return bad, nonASCII
}

func decodeUTF16(data []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if bigEndian {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return string(utf16.Decode(u))
}

func errBinary() error {
	return rectify.Errorf(rectify.EINVALID, "文件不是文本，也不是 Word 文档（.docx）或网页，无法读取为通报")
}

// checkBinary rejects text that is mostly control characters or
// replacement characters: binary data that happened to decode.
func checkBinary(s string) (string, []Warning, error) {
	var control, bad, total int
	for _, r := range s {
		total++
		switch {
		case r == 0:
			return "", nil, errBinary()
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1A:
			control++
		case r == utf8.RuneError:
			bad++
		}
	}
	if total == 0 {
		return "", nil, rectify.Errorf(rectify.EINVALID, "通报内容为空")
	}
	if control*50 > total || bad*10 > total {
		return "", nil, errBinary()
	}
	return s, nil, nil
}

// splitLines splits text at LF, CRLF, CR, form feeds and the Unicode line
// and paragraph separators.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\r':
			lines = append(lines, s[start:i])
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
		case c == '\n' || c == '\f' || c == '\v':
			lines = append(lines, s[start:i])
			i++
			start = i
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9): // U+2028, U+2029
			lines = append(lines, s[start:i])
			i += 3
			start = i
		default:
			i++
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// looksLikeHTML reports whether data starts like a web page.
func looksLikeHTML(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	head = bytes.TrimSpace(head)
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>", "<p ", "<table", "<article"} {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}
