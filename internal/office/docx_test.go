package office

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

func docxBytes(t testing.TB, in *rectify.Inspection, opt NoticeOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteNoticeDocx(&b, in, opt); err != nil {
		t.Fatalf("WriteNoticeDocx: %v", err)
	}
	return b.Bytes()
}

// TestNoticeDocxGolden pins the XML of the parts that make the official
// layout: the body, the styles, the settings and the two footers.
func TestNoticeDocxGolden(t *testing.T) {
	parts := zipParts(t, docxBytes(t, landBureau(), NoticeOptions{}))
	for _, name := range []string{"word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml"} {
		t.Run(name, func(t *testing.T) {
			golden(t, "notice_"+strings.TrimPrefix(name, "word/")+".golden", parts[name])
		})
	}
}

// TestNoticeDocxPackage checks that the package is what Word opens: every
// part well-formed XML, declared in the content types, every relationship
// pointing at a part that exists, document.xml found first.
func TestNoticeDocxPackage(t *testing.T) {
	data := docxBytes(t, landBureau(), NoticeOptions{})
	parts := zipParts(t, data)
	for name, b := range parts {
		if err := wellFormed(b); err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
		}
	}
	types := string(parts["[Content_Types].xml"])
	for name := range parts {
		if strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
			continue
		}
		if !strings.Contains(types, `PartName="/`+name+`"`) {
			t.Errorf("%s has no content type", name)
		}
	}
	for rels, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
		for _, m := range regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(string(parts[rels]), -1) {
			if _, ok := parts[base+m[1]]; !ok {
				t.Errorf("%s points at %s, which is missing", rels, base+m[1])
			}
		}
	}
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`,
		`<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>`,
		`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>`,
		`<w:footerReference w:type="even" r:id="rIdFooterEven"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(string(parts["word/settings.xml"]), "<w:evenAndOddHeaders/>") {
		t.Error("settings.xml does not ask for separate odd and even footers")
	}
	if !bytes.Equal(data, docxBytes(t, landBureau(), NoticeOptions{})) {
		t.Error("the same record gave different bytes")
	}
}

func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestNoticeGeometry checks the arithmetic of the page against the
// standard: 22 lines of 28 characters of 16 pt type in a 156 × 225 mm area.
func TestNoticeGeometry(t *testing.T) {
	mm := func(twips int) float64 { return float64(twips) * 25.4 / 1440 }
	tests := []struct {
		name      string
		got, want float64
		tolerance float64
	}{
		{"page width, mm", mm(pageWidth), 210, 0.05},
		{"page height, mm", mm(pageHeight), 297, 0.05},
		{"top margin, mm", mm(marginTop), 37, 0.05},
		{"bottom margin, mm", mm(marginBottom), 35, 0.05},
		{"left margin, mm", mm(marginLeft), 28, 0.05},
		{"right margin, mm", mm(marginRight), 26, 0.05},
		{"text width, mm", mm(textWidth), 156, 0.05},
		{"text height, mm", mm(textHeight), 225, 0.05},
		{"lines in the text area", float64(textHeight / linePitch), 22, 0},
		{"grid characters in a line", float64(textWidth * 4096 / (20 * (bodySize*4096 + charSpace))), 28, 0},
		{"spaced characters in a line", float64(textWidth / (bodySize*20 + charSpacing)), 28, 0},
		{"page number line top above the page's foot, mm", mm(footerDistance + pageNoSize*20), 28, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := tt.got - tt.want; d > tt.tolerance || d < -tt.tolerance {
				t.Errorf("%s = %.2f, want %.2f", tt.name, tt.got, tt.want)
			}
		})
	}
}

// TestNoticeDocxReadsBack reads the generated .docx with the notice reader:
// it must say what the record says, with the counts computed, and nothing
// the reader cannot place.
func TestNoticeDocxReadsBack(t *testing.T) {
	tests := []struct {
		name string
		opt  NoticeOptions
		want string // in the summary line
	}{
		{"latest statuses", NoticeOptions{}, "截至8月20日，巡察反馈的4个具体问题，已完成整改1个，长期整改I类1个，整改中1个，未开始1个。"},
		{"as of a day before them", NoticeOptions{AsOf: rectify.MustDate("2025-06-30")}, "截至6月30日，巡察反馈的4个具体问题，已完成整改0个，未开始4个。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := landBureau()
			data := docxBytes(t, in, tt.opt)
			d, err := notice.Parse(data)
			if err != nil {
				t.Fatalf("the notice reader refuses the .docx: %v", err)
			}
			for _, w := range d.Warnings {
				// Problem 4 has no measures yet, and the reader says so.
				if w.Code != "no-measures" {
					t.Errorf("reading the .docx gave a warning: %v", w)
				}
			}
			want := notice.RecordStructure(in, notice.RenderOptions{AsOf: tt.opt.AsOf})
			if got := d.Structure(); !reflect.DeepEqual(got, want) {
				t.Errorf("the .docx reads back as\n%+v\nwant\n%+v", got, want)
			}
			if !strings.Contains(string(zipParts(t, data)["word/document.xml"]), tt.want) {
				t.Errorf("document.xml does not say %q", tt.want)
			}
		})
	}
}

// TestNoticeDocxSeedRoundTrip: the seed → record → .docx → the notice reader
// gives the seed's structure.
func TestNoticeDocxSeedRoundTrip(t *testing.T) {
	seed := readSeed(t)
	in := seed.Record(notice.RecordOptions{Author: "导入"})
	d, err := notice.Parse(docxBytes(t, in, NoticeOptions{}))
	if err != nil {
		t.Fatalf("the notice reader refuses the .docx: %v", err)
	}
	got, want := d.Structure(), seed.Structure()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the seed's notice as .docx reads back differently:\n got %+v\nwant %+v", got, want)
	}
	problems, measures := 0, 0
	for _, f := range got.Findings {
		problems += len(f.Problems)
		for _, p := range f.Problems {
			measures += len(p.Measures)
		}
	}
	if len(got.Findings) != 12 || problems != 25 || measures != 74 || got.Summary.Completed != 18 || got.Summary.LongTerm != 7 {
		t.Errorf("read back %d findings, %d problems, %d measures, %d completed, %d long-term; want 12, 25, 74, 18, 7",
			len(got.Findings), problems, measures, got.Summary.Completed, got.Summary.LongTerm)
	}
}

func TestNoticeDocxText(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(in *rectify.Inspection)
		want     []string
		wantNot  []string
		wantCode string
	}{
		{name: "markup in the record is escaped", edit: func(*rectify.Inspection) {},
			want: []string{"矿产资源出让监管存在薄弱环节 &lt;待核实&gt; &amp; 跟踪"}},
		{name: "control characters are dropped", edit: func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Description = "复耕\x01不到位\x1f。"
		}, want: []string{"复耕不到位。"}, wantNot: []string{"\x01", "\x1f"}},
		{name: "a line break inside a paragraph is a break", edit: func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Description = "第一行。\n第二行。"
		}, want: []string{`第一行。</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">第二行。`}},
		{name: "what was done, from the latest report, as written", edit: func(*rectify.Inspection) {},
			want:    []string{"整改情况：14宗图斑全部恢复种植条件，8月18日经乡镇复查合格。"},
			wantNot: []string{"对复耕不到位的14宗图斑督促恢复种植条件"}},
		{name: "the unit's public sentence instead", edit: func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Public.Text = "违法占用耕地图斑全部整改到位。"
		}, want: []string{"整改情况：违法占用耕地图斑全部整改到位。"}, wantNot: []string{"8月18日经乡镇复查合格"}},
		{name: "signature and date close the notice", edit: func(*rectify.Inspection) {},
			want: []string{`<w:pStyle w:val="Signature"/>`, `中共东川县自然资源局党组</w:t>`, `<w:pStyle w:val="NoticeDate"/>`, `2025年8月30日</w:t>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := landBureau()
			tt.edit(in)
			doc := string(zipParts(t, docxBytes(t, in, NoticeOptions{}))["word/document.xml"])
			for _, w := range tt.want {
				if !strings.Contains(doc, w) {
					t.Errorf("document.xml lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(doc, w) {
					t.Errorf("document.xml holds %q", w)
				}
			}
			if err := wellFormed([]byte(doc)); err != nil {
				t.Errorf("document.xml is not well-formed: %v", err)
			}
		})
	}
}

func TestNoticeDocxErrors(t *testing.T) {
	err := WriteNoticeDocx(io.Discard, nil, NoticeOptions{})
	if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), "没有可生成通报的巡察记录") {
		t.Errorf("nil inspection: %v", err)
	}
	err = WriteNoticeDocx(failWriter{}, landBureau(), NoticeOptions{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("failing writer: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSignatureIndents(t *testing.T) {
	tests := []struct {
		sig, date string
		want      int
	}{
		{"中共东川县自然资源局党组", "2025年8月20日", 400 + (650-1200)/2}, // centred over the date
		{"县林业局", "2025年8月20日", 400 + (650-400)/2},
		{"中共东川县自然资源局党组机关委员会办公室", "2025年8月20日", 0}, // as far right as the line allows
	}
	for _, tt := range tests {
		t.Run(tt.sig, func(t *testing.T) {
			got := signatureIndents([]notice.Block{{Kind: notice.BlockSignature, Text: tt.sig}, {Kind: notice.BlockDate, Text: tt.date}})
			if got[notice.BlockDate] != 400 || got[notice.BlockSignature] != tt.want {
				t.Errorf("indents %v, want date 400, signature %d", got, tt.want)
			}
		})
	}
	if strconv.Itoa(textUnits("2025年8月20日")) != "650" {
		t.Errorf("textUnits of a date = %d", textUnits("2025年8月20日"))
	}
}

func BenchmarkNoticeDocxSeed(b *testing.B) {
	in := readSeed(b).Record(notice.RecordOptions{})
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteNoticeDocx(io.Discard, in, NoticeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
