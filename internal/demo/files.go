package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"unicode/utf16"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Evidence files are kept tiny so that the demo database stays small: a
// photo is a 64×48 picture of a few shapes, minutes are a few lines of
// text, a report is a one-page PDF that names a Chinese font the reader
// already has (no font is embedded).

// photoPNG returns a small picture drawn from seed: a sky, the ground, a
// building with windows. Different seeds give different bytes.
func photoPNG(seed uint64) []byte {
	const w, h = 64, 48
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{
		color.RGBA{0x9c, 0xc8, 0xe8, 0xff}, // sky
		color.RGBA{0x7a, 0x9a, 0x5a, 0xff}, // ground
		color.RGBA{0xd8, 0xd0, 0xc0, 0xff}, // wall
		color.RGBA{0x50, 0x60, 0x78, 0xff}, // windows
		color.RGBA{0xb0, 0x30, 0x28, 0xff}, // a banner
		color.RGBA{0xf0, 0xf0, 0xf0, 0xff}, // cloud
	})
	horizon := 30 + int(seed%6)
	left, width := 8+int(seed>>3%20), 22+int(seed>>8%12)
	top := 10 + int(seed>>13%8)
	for y := range h {
		for x := range w {
			var c uint8
			switch {
			case x >= left && x < left+width && y >= top && y < horizon+4:
				c = 2
				if (x-left)%6 >= 2 && (x-left)%6 < 4 && (y-top)%7 >= 2 && (y-top)%7 < 5 {
					c = 3
				}
				if y >= top && y < top+2 {
					c = 4
				}
			case y >= horizon:
				c = 1
			case (x-int(seed>>17%40)-4)*(x-int(seed>>17%40)-4)/4+(y-6)*(y-6) < 12:
				c = 5
			}
			img.SetColorIndex(x, y, c)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		// Encoding to memory fails only on a bad image, which this is not.
		return nil
	}
	return buf.Bytes()
}

// minutesTXT returns the minutes of a meeting on a problem.
func minutesTXT(u *unitSpec, d rectify.Date, chair, title, decided string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s巡察整改专题会议纪要\r\n\r\n", u.short)
	fmt.Fprintf(&b, "时间：%s\r\n地点：%s会议室\r\n主持：%s\r\n", d.Chinese(), u.short, chair)
	fmt.Fprintf(&b, "议题：研究“%s”问题的整改工作\r\n\r\n", title)
	fmt.Fprintf(&b, "会议议定：%s\r\n", decided)
	return []byte(b.String())
}

// noticeOfMeetingTXT returns a notice convening a meeting: it proves that a
// meeting was called, and nothing about what was fixed.
func noticeOfMeetingTXT(u *unitSpec, d rectify.Date) []byte {
	return []byte(fmt.Sprintf("关于召开巡察整改工作专题会议的通知\r\n\r\n各科室：\r\n定于%s上午9时在%s三楼会议室召开巡察整改工作专题会议，"+
		"传达巡察反馈意见，研究部署整改工作。请各科室主要负责人准时参加。\r\n\r\n%s办公室\r\n%s\r\n",
		d.Chinese(), u.short, u.short, d.AddDays(-2).Chinese()))
}

// reportPDF returns a one-page A4 PDF holding lines of text in 宋体, written
// with the font STSong-Light and the encoding UniGB-UCS2-H that PDF readers
// provide for simplified Chinese, so that no font travels in the file.
func reportPDF(lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("BT\n/F1 16 Tf\n72 770 Td\n20 TL\n")
	for i, l := range lines {
		if i == 1 {
			content.WriteString("/F1 11 Tf\n")
		}
		content.WriteString("<")
		for _, u := range utf16.Encode([]rune(l)) {
			fmt.Fprintf(&content, "%04X", u)
		}
		content.WriteString("> Tj T*\n")
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> " +
			"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 " +
			"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// evidenceKind is the kind of file behind a progress report.
type evidenceKind int

const (
	evidencePhoto evidenceKind = iota
	evidenceMinutes
	evidenceReport
)

// evidenceFile returns a file of kind k for a report of x on day d.
func evidenceFile(k evidenceKind, x *built, st *staff, d rectify.Date, text string, seed uint64) store.EvidenceFile {
	switch k {
	case evidencePhoto:
		names := []string{"整改现场照片.png", "整改后现场照片.png", "现场核查照片.png"}
		return store.EvidenceFile{Name: names[seed%uint64(len(names))], ContentType: "image/png", Data: photoPNG(seed)}
	case evidenceMinutes:
		return store.EvidenceFile{Name: "专题会议纪要.txt", ContentType: "text/plain; charset=utf-8",
			Data: minutesTXT(x.unit, d, st.chief, x.p.Title, text)}
	}
	lines := []string{clipRunes("关于“"+x.p.Title+"”问题的整改情况说明", 30),
		"一、问题情况：" + clipRunes(x.p.Description, 36)}
	for i, m := range x.p.Measures {
		lines = append(lines, fmt.Sprintf("措施%d：%s", i+1, clipRunes(m.Text, 38)))
	}
	lines = append(lines, "二、整改情况："+clipRunes(text, 36), "", x.unit.short+"  "+d.Chinese())
	return store.EvidenceFile{Name: "整改情况说明.pdf", ContentType: "application/pdf", Data: reportPDF(lines)}
}

// clipRunes returns s cut to n characters.
func clipRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
