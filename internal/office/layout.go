package office

// The page of an official document (公文), GB/T 9704-2012, in twips
// (1/20 pt; 1 mm = 1440/25.4 = 56.693 twips). The .docx and the PDF share it.
//
//	page     A4, 210 × 297 mm                 = 11906 × 16838 twips
//	margins  top 37 mm = 2097.6 → 2098, bottom 35 mm = 1984.3 → 1984,
//	         left 28 mm = 1587.4 → 1587, right 26 mm = 1474.0 → 1474
//	text     11906 − 1587 − 1474 = 8845 twips wide (156 mm),
//	         16838 − 2098 − 1984 = 12756 twips high (225 mm)
//
// The standard asks for 22 lines of 28 characters of 3号 (16 pt) type in that
// area:
//
//	line pitch  12756 / 22 = 579.8 → 579 twips (rounded down, so that 22
//	            lines fit: 22 × 579 = 12738 ≤ 12756), i.e. 28.95 pt
//	char pitch  8845 / 28 = 315.89 twips = 15.7946 pt, 0.2054 pt narrower
//	            than the 16 pt type. Word's w:charSpace is that difference in
//	            1/4096 pt: 8845 × 4096 / (20 × 28) = 64694.86 → 64694 (rounded
//	            down, so that 28 fit), minus 16 × 4096 = 65536 → −842.
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 2098
	marginBottom = 1984
	marginLeft   = 1587
	marginRight  = 1474

	textWidth  = pageWidth - marginLeft - marginRight  // 8845
	textHeight = pageHeight - marginTop - marginBottom // 12756

	linesPerPage = 22
	charsPerLine = 28

	linePitch = textHeight / linesPerPage // 579 twips

	bodySize   = 16 // 3号, pt
	titleSize  = 22 // 2号, pt
	pageNoSize = 14 // 4号, pt

	// TitleLineChars is how many characters of 2号 type a title line
	// holds: 8845 / 440 = 20.1 → 20. Titles are broken by
	// notice.TitleLines at this width in the .docx, the PDF and the page.
	TitleLineChars = textWidth / (titleSize * 20)

	// charPitch4096 is the character pitch in 1/4096 pt.
	charPitch4096 = textWidth * 4096 / (20 * charsPerLine) // 64694
	charSpace     = charPitch4096 - bodySize*4096          // −842

	// charPitch is the character pitch in twips, as Word applies it.
	charPitch = charPitch4096 * 20 / 4096 // 315

	// The page number: 4号 type, a dash (一字线) on each side, its line's top
	// 7 mm below the text area (35 − 7 = 28 mm = 1587 twips above the page's
	// bottom edge); Word measures the footer from the bottom edge to the
	// foot of its last line, one 14 pt (280 twips) line lower: 1587 − 280.
	footerDistance = 1587 - pageNoSize*20 // 1307
	// It stands one character (of its own size) in from the outer edge:
	// on the right of odd pages, on the left of even ones.
	pageNoIndent = pageNoSize * 20 // 280
)

// The fonts of the official layout, by the names Word and WPS know them, and
// what stands in for each when it is missing.
const (
	fontTitle       = "方正小标宋简体" // 标题: 2号小标宋
	fontTitleAlt    = "宋体"
	fontBody        = "仿宋_GB2312" // 正文: 3号仿宋
	fontBodyAlt     = "仿宋"
	fontHeading1    = "黑体" // 一级标题
	fontHeading1Alt = "SimHei"
	fontHeading2    = "楷体_GB2312" // 二级标题
	fontHeading2Alt = "楷体"
	fontPageNo      = "宋体" // 页码: 4号半角宋体
	fontPageNoAlt   = "SimSun"
)

// charSpacing is the character spacing of the body, in twips (w:spacing
// w:val): 3号 type is 16 pt = 320 twips wide, 28 characters need at most
// 8845 / 28 = 315.9 twips each; 320 − 5 = 315 fits 28 (8820 twips) and not
// 29 (9135).
const charSpacing = -5
