package office

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// bombPart is one part of a generated workbook: its name and a writer of
// its content. declared, when set, is the uncompressed size the archive
// claims for it (a lie when smaller than the content).
type bombPart struct {
	name     string
	write    func(w io.Writer)
	declared uint64
}

// bombWorkbook builds a minimal .xlsx whose only sheet, 台账, is sheet,
// with the extra parts given (a shared strings table).
func bombWorkbook(t testing.TB, sheet func(w io.Writer), extra ...bombPart) []byte {
	t.Helper()
	text := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	parts := []bombPart{
		{name: "[Content_Types].xml", write: text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{name: "_rels/.rels", write: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", write: text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", write: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
		{name: "xl/worksheets/sheet1.xml", write: sheet},
	}
	for _, e := range extra {
		if i := slices.IndexFunc(parts, func(p bombPart) bool { return p.name == e.name }); i >= 0 {
			parts[i] = e
		} else {
			parts = append(parts, e)
		}
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		if p.declared == 0 {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			p.write(w)
			continue
		}
		// A part whose header lies about its size: compress it apart.
		var raw, plain bytes.Buffer
		p.write(&plain)
		cw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
		cw.Write(plain.Bytes())
		cw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(plain.Bytes()),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: p.declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sheetXML writes a worksheet whose rows come from row(i) for i in [1, n].
func sheetXML(n int, row func(w io.Writer, i int)) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for i := 1; i <= n; i++ {
			row(w, i)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

// allocated runs f and returns how many bytes it allocated in all: an
// upper bound of how much its heap grew.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// inflatingWorkbooks are workbooks of a few megabytes that inflate far past
// what a ledger needs, each with the message that must refuse it.
func inflatingWorkbooks(t testing.TB) []struct {
	name string
	data []byte
	want string
} {
	long := strings.Repeat("整改措施落实不到位，", 40)
	return []struct {
		name string
		data []byte
		want string
	}{
		{"a million rows", bombWorkbook(t, sheetXML(1_000_000, func(w io.Writer, i int) {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>`, i, i)
		})), "工作表“台账”第 200001 行超过台账导入的上限 200000 行"},
		{"a row numbered past the limit", bombWorkbook(t, sheetXML(1, func(w io.Writer, i int) {
			io.WriteString(w, `<row r="5000000"><c r="A5000000"><v>1</v></c></row>`)
		})), "工作表“台账”第 5000000 行超过台账导入的上限 200000 行"},
		{"a million empty rows", bombWorkbook(t, sheetXML(1_000_000, func(w io.Writer, i int) {
			fmt.Fprintf(w, `<row r="%d"/>`, i)
		})), "工作表“台账”第 200001 行超过台账导入的上限 200000 行"},
		{"cells past the limit", bombWorkbook(t, sheetXML(300, func(w io.Writer, i int) {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, i, i)
		})), "单元格读到工作表“台账”第 245 行时超过台账导入的上限 4000000 个"},
		{"long shared strings", bombWorkbook(t, sheetXML(10, func(w io.Writer, i int) {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, i, i, i)
		}), bombPart{name: "xl/sharedStrings.xml", write: func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			for i := range 60_000 {
				fmt.Fprintf(w, `<si><t>%d%s</t></si>`, i, long)
			}
			io.WriteString(w, `</sst>`)
		}}), "共享字符串表（xl/sharedStrings.xml）解压后有 69.9 MB，超过台账导入的上限 64 MB"},
		{"many short shared strings", bombWorkbook(t, sheetXML(10, func(w io.Writer, i int) {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, i, i, i)
		}), bombPart{name: "xl/sharedStrings.xml", write: func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			for i := range 1_000_000 {
				fmt.Fprintf(w, `<si><t>%d</t></si>`, i)
			}
			io.WriteString(w, `</sst>`)
		}}), "共享字符串表（xl/sharedStrings.xml）有超过 250000 个不同的文字"},
		{"a nested workbook index", bombWorkbook(t, sheetXML(1, func(w io.Writer, i int) {}), bombPart{name: "xl/workbook.xml", write: func(w io.Writer) {
			io.WriteString(w, strings.Repeat("<x>", 2_000_000))
		}}), "xl/workbook.xml 解压后有 5.7 MB，超过台账导入的上限 4 MB"},
		{"a deeply nested workbook index", bombWorkbook(t, sheetXML(1, func(w io.Writer, i int) {}), bombPart{name: "xl/workbook.xml", write: func(w io.Writer) {
			for i := range 300_000 {
				fmt.Fprintf(w, "<x%d>", i)
			}
		}}), "Excel 工作簿的目录（xl/workbook.xml）已损坏，无法读取"},
		{"sheets past the size limit", bombWorkbook(t, sheetXML(1, func(w io.Writer, i int) {}), bombPart{name: "xl/worksheets/sheet2.xml", declared: 300 << 20,
			write: sheetXML(1000, func(w io.Writer, i int) { fmt.Fprintf(w, `<row r="%d"/>`, i) })}), "工作表解压后共超过台账导入的上限 256 MB（到 xl/worksheets/sheet2.xml 为止）"},
		{"a sheet larger than it declares", bombWorkbook(t, func(w io.Writer) {}, bombPart{name: "xl/worksheets/sheet1.xml", declared: 4096,
			write: sheetXML(100_000, func(w io.Writer, i int) { fmt.Fprintf(w, `<row r="%d"/>`, i) })}), "已损坏或不完整"},
	}
}

// TestReadLedgerRefusesInflating: a workbook that inflates to hundreds of
// megabytes is refused at the first row, cell or byte past a limit, saying
// which, and the refusal allocates less than 200 MB in all (the reading
// used to take every row first: 893 MB for a workbook of 450 MB).
func TestReadLedgerRefusesInflating(t *testing.T) {
	const bound = 200 << 20
	for _, tt := range inflatingWorkbooks(t) {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = ReadLedger(tt.data) })
			if err == nil || rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%d KB: ReadLedger = %v, want an EINVALID error with %q", len(tt.data)>>10, err, tt.want)
			}
			if n > bound {
				t.Errorf("refusing a workbook of %d KB allocated %d MB, want under %d MB", len(tt.data)>>10, n>>20, bound>>20)
			}
			t.Logf("%d KB refused, %d MB allocated: %v", len(tt.data)>>10, n>>20, err)
		})
	}
}

// BenchmarkReadLedgerRefusesInflating prints how long each refusal of
// TestReadLedgerRefusesInflating takes (goal: under 2 s) and what it
// allocates.
func BenchmarkReadLedgerRefusesInflating(b *testing.B) {
	for _, tt := range inflatingWorkbooks(b) {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadLedger(tt.data); err == nil {
					b.Fatal("not refused")
				}
			}
		})
	}
}
