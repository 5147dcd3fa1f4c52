package notice

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
)

// dateExpr is a date as written: 2024年3月11日, 5月10日, 12月份, 2024年,
// 2023-11-28. Fields not written are 0.
type dateExpr struct {
	start, end int // byte offsets
	y, m, d    int
	cn         bool // written in Chinese numerals
}

// scanDates finds the dates written in s, in order. With allowCN it also
// reads Chinese numerals (二〇二三年十一月二十八日).
func scanDates(s string, allowCN bool) []dateExpr {
	var out []dateExpr
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		startsNum := isDigit(r) || (allowCN && (cnDigit(r) >= 0 || cnUnit(r) > 0))
		if !startsNum {
			i += size
			continue
		}
		if e, ok := readDate(s, i, allowCN); ok {
			out = append(out, e)
			i = e.end
			continue
		}
		// Skip the whole number, so that "2023" is not read again from "023".
		j := i
		for j < len(s) {
			r, sz := utf8.DecodeRuneInString(s[j:])
			if !(isDigit(r) || (allowCN && (cnDigit(r) >= 0 || cnUnit(r) > 0))) {
				break
			}
			j += sz
		}
		i = j
	}
	return out
}

// readDate reads a date starting at s[i:].
func readDate(s string, i int, allowCN bool) (dateExpr, bool) {
	n1, k1, cn := readNumber(s[i:], 4)
	if n1 < 0 || (cn && !allowCN) {
		return dateExpr{}, false
	}
	e := dateExpr{start: i, cn: cn}
	j := i + k1
	rest := s[j:]
	switch {
	case strings.HasPrefix(rest, "年"):
		if n1 < 1900 || n1 > 2200 {
			return dateExpr{}, false
		}
		e.y = n1
		j += len("年")
		e.end = j
		if m, d, end, ok := readMonthDay(s, j, allowCN); ok {
			e.m, e.d, e.end = m, d, end
		}
		return e, true
	case strings.HasPrefix(rest, "月"):
		m, d, end, ok := readMonthDay(s, i, allowCN)
		if !ok {
			return dateExpr{}, false
		}
		e.m, e.d, e.end = m, d, end
		return e, true
	case !cn && k1 == 4 && len(rest) > 0 && (rest[0] == '-' || rest[0] == '.' || rest[0] == '/'):
		sep := rest[0]
		m, km, _ := readNumber(rest[1:], 2)
		if m < 1 || m > 12 || 1+km >= len(rest) || rest[1+km] != sep {
			return dateExpr{}, false
		}
		d, kd, _ := readNumber(rest[2+km:], 2)
		if d < 1 || d > 31 || n1 < 1900 || n1 > 2200 {
			return dateExpr{}, false
		}
		end := j + 2 + km + kd
		if end < len(s) && isDigit(rune(s[end])) {
			return dateExpr{}, false
		}
		e.y, e.m, e.d, e.end = n1, m, d, end
		return e, true
	}
	return dateExpr{}, false
}

// readMonthDay reads "M月" and an optional "D日" (or "D号") at s[j:].
func readMonthDay(s string, j int, allowCN bool) (m, d, end int, ok bool) {
	m, k, cn := readNumber(s[j:], 2)
	if m < 1 || m > 12 || (cn && !allowCN) || !strings.HasPrefix(s[j+k:], "月") {
		return 0, 0, 0, false
	}
	end = j + k + len("月")
	if dd, kd, dcn := readNumber(s[end:], 2); dd >= 1 && dd <= 31 && (!dcn || allowCN) {
		after := s[end+kd:]
		if strings.HasPrefix(after, "日") || strings.HasPrefix(after, "号") {
			return m, dd, end + kd + len("日"), true
		}
	}
	return m, 0, end, true
}

// date returns the calendar day of e, taking the year from year when e has
// none; ok is false when e has no month or day or is not a real day.
func (e dateExpr) date(year int) (rectify.Date, bool) {
	y := e.y
	if y == 0 {
		y = year
	}
	if y == 0 || e.m == 0 || e.d == 0 {
		return rectify.Date{}, false
	}
	t := time.Date(y, time.Month(e.m), e.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != e.d {
		return rectify.Date{}, false
	}
	return rectify.DateOf(t), true
}

// yearFor picks the year of a month and day written without one, from a
// reference day they cannot lie after (the notice's date): ref's year, or
// the year before when the day would be later than ref.
func yearFor(m, d int, ref rectify.Date) int {
	if ref.IsZero() {
		return 0
	}
	if d == 0 {
		d = 1
	}
	if rectify.NewDate(ref.Year, time.Month(m), d).After(ref) {
		return ref.Year - 1
	}
	return ref.Year
}

// dateLine reads a line that is only a date (the notice's date under the
// signature), possibly in brackets or Chinese numerals.
func dateLine(s string) (rectify.Date, bool) {
	t := strings.TrimSpace(strings.NewReplacer(" ", "", "（", "", "）", "", "(", "", ")", "").Replace(s))
	if t == "" || len(t) > 60 {
		return rectify.Date{}, false
	}
	ds := scanDates(t, true)
	if len(ds) != 1 || ds[0].start != 0 || ds[0].end != len(t) {
		return rectify.Date{}, false
	}
	return ds[0].date(0)
}

// dateLineNoYear reads a line that is only a month and day (12月8日), as
// some notices sign.
func dateLineNoYear(s string) (int, int, bool) {
	t := strings.TrimSpace(strings.NewReplacer(" ", "", "（", "", "）", "", "(", "", ")", "").Replace(s))
	if t == "" || len(t) > 30 {
		return 0, 0, false
	}
	ds := scanDates(t, true)
	if len(ds) != 1 || ds[0].start != 0 || ds[0].end != len(t) || ds[0].y != 0 || ds[0].m == 0 || ds[0].d == 0 {
		return 0, 0, false
	}
	return ds[0].m, ds[0].d, true
}

// orgSuffixes end the names of Party organisations and public bodies.
var orgSuffixes = []string{"委员会", "党委", "党组", "党工委", "总支", "支部", "纪委", "政府", "委", "局", "中心",
	"办公室", "办", "公司", "集团", "院", "学校", "大学", "学院", "厅", "部", "处", "会", "所", "站", "队",
	"街道", "镇", "乡", "村", "社区", "银行", "医院", "小组", "馆", "署", "室", "科", "股", "场", "厂"}

// isOrgLine reports whether s looks like the name of an organisation on a
// line of its own: short, no sentence punctuation, not numbered, ending like
// an organisation's name.
func isOrgLine(s string) bool {
	if s == "" || runeLen(s) > 40 || !hasHan(s) {
		return false
	}
	if strings.ContainsAny(s, "，。；：,;:！？!?、“”") {
		return false
	}
	if st, _, _ := splitNumber(s); st != styleNone {
		return false
	}
	if strings.HasPrefix(s, "关于") || strings.HasPrefix(s, "根据") {
		return false
	}
	t := strings.TrimRight(s, " ")
	for _, suf := range orgSuffixes {
		if strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}

// titleLike reports whether s can be the title of a notice.
func titleLike(s string) bool {
	if runeLen(s) > 80 || strings.Contains(s, "。") || strings.HasPrefix(s, "根据") {
		return false
	}
	for _, w := range []string{"通报", "公告", "公示", "报告"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return strings.HasPrefix(s, "关于") && (strings.Contains(s, "整改") || strings.Contains(s, "巡察"))
}

// titleEnds reports whether s ends like the title of a notice.
func titleEnds(s string) bool {
	for _, w := range []string{"通报", "公告", "公示", "报告", "情况"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// readOpening takes the facts of the inspection from the opening paragraph:
// who deployed it, the team, the inspected unit, the kind, the period and
// the feedback date.
func readOpening(text string, in *InspectionInfo, ex *openingExtra) {
	if i := strings.Index(text, "根据"); i >= 0 {
		rest := text[i+len("根据"):]
		for _, end := range []string{"统一部署", "部署", "统一安排", "安排"} {
			if j := strings.Index(rest, end); j > 0 && j < 90 {
				dep := strings.TrimSuffix(strings.TrimSpace(rest[:j]), "的")
				dep = strings.TrimSuffix(strings.TrimSuffix(dep, "巡察工作"), "工作") // 根据县委巡察工作统一部署
				if k := strings.LastIndex(dep, "》"); k >= 0 {
					// 根据《中华人民共和国审计法》和县审计局的统一安排: the law is no deployer
					dep = strings.TrimLeft(dep[k+len("》"):], "和及、")
				}
				if dep != "" && !strings.ContainsAny(dep, "，。；,;") {
					in.Deployer = dep
				}
				break
			}
		}
	}
	sentences := strings.Split(text, "。")
	used := make([][]int, len(sentences)) // starts of the dates read as the period
	for k, s := range sentences {
		if in.Team == "" {
			in.Team = findTeam(s)
		}
		isVisit := visitWords(s)
		if isVisit && in.Start.IsZero() {
			used[k] = readPeriod(s, in)
		}
		if isVisit && in.UnitName == "" {
			unit, kindText := findUnit(s)
			if unit != "" {
				in.UnitName = unit
				if k, ok := rectify.ParseInspectionKind(kindText); ok {
					in.Kind = k
				}
			}
		}
		if in.Kind == "" && (strings.Contains(s, "巡察") || strings.Contains(s, "巡视")) {
			// The kind stands before the feedback when one sentence gives
			// both ("…开展了常规巡察，并于…反馈了巡察意见"); what follows
			// 反馈 speaks of the feedback, not of the visit.
			visit := s
			if at := strings.Index(s, "反馈"); at >= 0 {
				visit = s[:at]
			}
			if k, ok := rectify.ParseInspectionKind(visit); ok {
				in.Kind = k
			}
		}
	}
	for k, s := range sentences {
		if in.Feedback.IsZero() && handoverAt(s) >= 0 {
			readFeedback(s, in, used[k], ex)
		}
	}
}

// visitWords reports whether s speaks of the inspection itself: 巡察,
// 巡视, or an audit's, an environmental inspection's or a supervision's
// visit (审计, 督察, 督查).
func visitWords(s string) bool {
	for _, w := range []string{"巡察", "巡视", "审计", "督察", "督查", "检查"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// handoverAt returns where s names the handing over of the findings: 反馈
// (a 巡察's feedback), else 出具 (an audit report) or 交办 (the cases of an
// environmental inspection); -1 when it names none.
func handoverAt(s string) int {
	for _, w := range []string{"反馈", "出具", "交办"} {
		if i := strings.Index(s, w); i >= 0 {
			return i
		}
	}
	return -1
}

// detectSource returns the kind of rectification d reports: the one its
// title names, else its opening (the first words a reader goes by), else
// its findings' headings; empty when none names one. 其他 is never read
// from text: the word is too common to tell a kind.
func detectSource(d *Document) rectify.Source {
	texts := []string{d.Title, d.Opening}
	for _, f := range d.Findings {
		texts = append(texts, f.Title)
	}
	for _, l := range d.SummaryLines {
		texts = append(texts, l.Text)
	}
	for _, t := range texts {
		if s, ok := rectify.ParseSource(t); ok && s != rectify.SourceOther {
			return s
		}
	}
	return ""
}

// readFeedback reads the feedback date from a sentence naming 反馈: the
// date nearest before the word, else the first after it; never a date of
// the inspection period.
func readFeedback(s string, in *InspectionInfo, used []int, ex *openingExtra) {
	ref := in.End
	if ref.IsZero() {
		ref = in.Start
	}
	at := handoverAt(s)
	var pick *dateExpr
	ds := scanDates(s, false)
	for k := range ds {
		e := &ds[k]
		if e.m == 0 || e.d == 0 || inPeriod(s, ds, k) || slices.Contains(used, e.start) {
			continue
		}
		if e.end <= at {
			pick = e // the last one before 反馈
			continue
		}
		if pick == nil {
			pick = e
		}
		break
	}
	if pick == nil {
		// A month only: "于2023年8月反馈", "2023年12月反馈了巡察意见".
		for k := range ds {
			e := &ds[k]
			if e.m == 0 || e.d != 0 || inPeriod(s, ds, k) || slices.Contains(used, e.start) {
				continue
			}
			if e.end <= at || pick == nil {
				pick = e
			}
		}
		if pick == nil {
			return
		}
	}
	y := pick.y
	if y == 0 && !ref.IsZero() {
		y = ref.Year
		if pick.m < int(ref.Month) {
			y++
		}
	}
	if y == 0 {
		// No year and nothing to take it from yet: the notice's date
		// decides at the end.
		ex.fbMonth, ex.fbDay = pick.m, pick.d
		return
	}
	if pick.y == 0 {
		ex.inferred |= inferFeedback
	}
	if pick.d == 0 {
		in.Feedback, _ = monthSpan(y, pick.m)
		in.FeedbackPrecision = "month"
		return
	}
	if dt, ok := pick.date(y); ok {
		in.Feedback = dt
	}
}

// openingExtra is what the opening leaves to resolve at the end.
type openingExtra struct {
	inferred       uint8 // inferStart, inferEnd, inferFeedback
	fbMonth, fbDay int   // a feedback date without a year
}

// The dates of the opening whose year was inferred.
const (
	inferStart uint8 = 1 << iota
	inferEnd
	inferFeedback
)

// inPeriod reports whether date k of ds is one end of a range ("3月21日至6月7日").
func inPeriod(s string, ds []dateExpr, k int) bool {
	linked := func(a, b dateExpr) bool {
		between := s[a.end:b.start]
		return runeLen(between) <= 3 && strings.ContainsAny(between, "至到—－-~～")
	}
	return (k+1 < len(ds) && linked(ds[k], ds[k+1])) || (k > 0 && linked(ds[k-1], ds[k]))
}

// readPeriod reads the inspection period, "2024年3月11日至5月10日": the
// start, and the end, which inherits the start's year.
func readPeriod(s string, in *InspectionInfo) (used []int) {
	var full []dateExpr
	for _, e := range scanDates(s, false) {
		if e.m > 0 && e.d > 0 {
			full = append(full, e)
		}
	}
	for k := 0; k+1 < len(full); k++ {
		if !inPeriod(s, full, k) {
			continue
		}
		a, b := full[k], full[k+1]
		y := a.y
		if y == 0 {
			y = b.y
		}
		start, ok := a.date(y)
		if !ok {
			return nil
		}
		y = b.y
		if y == 0 {
			y = start.Year
			if b.m < int(start.Month) {
				y++
			}
		}
		if end, ok := b.date(y); ok {
			in.Start, in.End = start, end
			return []int{a.start, b.start}
		}
		return nil
	}
	// Months only: "2023年4月至6月", "2023年9月至10月".
	var months []dateExpr
	for _, e := range scanDates(s, false) {
		if e.m > 0 {
			months = append(months, e)
		}
	}
	for k := 0; k+1 < len(months); k++ {
		a, b := months[k], months[k+1]
		if a.d != 0 || b.d != 0 || !inPeriod(s, months, k) {
			continue
		}
		y := a.y
		if y == 0 {
			y = b.y
		}
		if y == 0 {
			return nil
		}
		yb := b.y
		if yb == 0 {
			yb = y
			if b.m < a.m {
				yb++
			}
		}
		in.Start, _ = monthSpan(y, a.m)
		_, in.End = monthSpan(yb, b.m)
		in.PeriodPrecision = "month"
		return []int{a.start, b.start}
	}
	// A single day: the start of the visit when it comes before the verb
	// ("于2024年4月8日对…开展了巡察，并于…反馈").
	if len(full) == 0 {
		return nil
	}
	verb := -1
	for _, v := range []string{"进行了", "开展了", "进驻", "进行", "开展"} {
		if i := strings.Index(s, v); i >= 0 && (verb < 0 || i < verb) {
			verb = i
		}
	}
	fb := strings.Index(s, "反馈")
	if (verb >= 0 && full[0].end <= verb) || fb < 0 {
		if start, ok := full[0].date(0); ok {
			in.Start = start
			return []int{full[0].start}
		}
	}
	return nil
}

// findTeam returns the inspection group named in s ("市委第二巡察组"), or "".
func findTeam(s string) string {
	for _, w := range []string{"巡察组", "巡察工作组", "巡视组", "巡察办", "审计组", "督察组", "督查组", "检查组"} {
		i := strings.Index(s, w)
		if i < 0 {
			continue
		}
		j := i
		for n := 0; j > 0 && n < 12; n++ {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			if strings.ContainsRune("，,。；;、：:（(）)对由和与及在日向将", r) || r == ' ' {
				break
			}
			j -= size
		}
		return s[j : i+len(w)]
	}
	return ""
}

// manyUnits reports whether a name lists several units (区住房和城乡建设局、
// 区卫生健康局等9家单位党组织): a round's notice, not one unit's.
func manyUnits(u string) bool {
	if strings.Contains(u, "、") {
		return true
	}
	if i := strings.Index(u, "等"); i >= 0 {
		n, k, _ := readNumber(u[i+len("等"):], 4)
		return n > 0 && k > 0
	}
	return false
}

// yearRE finds a year (2024年) in the object of an audit.
var yearRE = regexp.MustCompile(`[0-9]{4}年`)

// findUnit returns the unit in "对X开展了常规巡察" and the text after the verb.
func findUnit(s string) (unit, after string) {
	for _, verb := range []string{"进行了", "开展了", "进行", "开展", "实施了", "实施"} {
		v := strings.Index(s, verb)
		if v < 0 {
			continue
		}
		d := strings.LastIndex(s[:v], "对")
		if d < 0 {
			continue
		}
		u := strings.TrimSpace(s[d+len("对") : v])
		if loc := yearRE.FindStringIndex(u); loc != nil && loc[0] > 0 {
			u = strings.TrimSuffix(u[:loc[0]], "的") // 对县农业农村局2024年度预算执行情况开展了审计: the unit, not the matter
		}
		if u == "" || strings.ContainsAny(u, "，。；,;") || runeLen(u) > 50 || manyUnits(u) {
			continue
		}
		return u, s[v+len(verb):]
	}
	return "", ""
}

// countAt is a count written in a summary line: "18个".
type countAt struct {
	n          int
	start, end int // the number, and after its measure word
}

func addCount(p *int, n int) *int {
	if p != nil {
		n += *p
	}
	return &n
}

// lastClause returns the text after the last clause separator of s.
func lastClause(s string) string {
	i := strings.LastIndexFunc(s, isClauseSep)
	if i < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i+size:]
}

// contactField says which part of the contact a label introduces.
type contactField int

const (
	fieldPhone contactField = iota
	fieldAddress
	fieldMailbox
	fieldEmail
)

// contactLabels, longest first where one contains another.
var contactLabels = []struct {
	label string
	field contactField
}{
	{"联系电话", fieldPhone}, {"举报电话", fieldPhone}, {"监督电话", fieldPhone}, {"咨询电话", fieldPhone},
	{"受理电话", fieldPhone}, {"电话", fieldPhone},
	{"邮政信箱", fieldMailbox}, {"来信地址", fieldAddress}, {"通信地址", fieldAddress}, {"通讯地址", fieldAddress}, {"联系地址", fieldAddress},
	{"邮寄地址", fieldAddress}, {"来访地址", fieldAddress}, {"地址", fieldAddress},
	{"电子邮箱", fieldEmail}, {"电子信箱", fieldEmail}, {"电子邮件", fieldEmail}, {"举报邮箱", fieldEmail},
	{"邮箱", fieldEmail}, {"信箱", fieldEmail}, {"E-mail", fieldEmail}, {"Email", fieldEmail}, {"email", fieldEmail},
}

type labelHit struct {
	at, valueAt int
	field       contactField
}

// contactHits finds "label：" occurrences in s (the longest label that ends
// before each colon).
func contactHits(s string) []labelHit {
	var hits []labelHit
	for _, c := range colons(s) {
		start, k := labelBefore(s, c, contactLabelNames)
		if k < 0 || (len(hits) > 0 && start < hits[len(hits)-1].valueAt) {
			continue
		}
		j, _ := hasColonAt(s, c)
		hits = append(hits, labelHit{at: start, valueAt: j, field: contactLabels[k].field})
	}
	return hits
}

var contactLabelNames = func() []string {
	out := make([]string, len(contactLabels))
	for i, l := range contactLabels {
		out[i] = l.label
	}
	return out
}()

// readContact takes the phone, address, postal mailbox and email of the public channel
// from s into c (the first value of each kind wins). It reports whether s
// named any of them.
func readContact(s string, c *rectify.Contact) bool {
	hits := contactHits(s)
	found := false
	for k, h := range hits {
		end := len(s)
		if k+1 < len(hits) {
			end = hits[k+1].at
		}
		v := s[h.valueAt:end]
		var stop string
		switch h.field {
		case fieldPhone:
			stop = "；;，,。 "
		case fieldAddress, fieldMailbox:
			stop = "；;。"
		case fieldEmail:
			stop = "；;，,。 （("
		}
		v = strings.TrimLeft(v, " ")
		if i := strings.IndexAny(v, stop); i >= 0 {
			v = v[:i]
		}
		v = strings.TrimRight(strings.TrimSpace(v), "，,、.")
		if v == "" {
			continue
		}
		found = true
		field := h.field
		if field == fieldMailbox && !strings.Contains(v, "信箱") && strings.ContainsAny(v, "路街号") {
			field = fieldAddress // a street address under the mailbox's label
		}
		switch field {
		case fieldPhone:
			if c.Phone == "" {
				c.Phone = v
			}
		case fieldAddress:
			if c.Address == "" {
				c.Address = v
			}
		case fieldMailbox:
			if c.Mailbox == "" {
				c.Mailbox = v
			}
		case fieldEmail:
			if c.Email == "" {
				c.Email = v
			}
		}
	}
	return found
}

// isContactLine reports whether s is the contact paragraph: it starts with
// a contact label, names two or more channels, or invites opinions before
// naming one.
func isContactLine(s string) bool {
	hits := contactHits(s)
	if len(hits) == 0 {
		return false
	}
	if hits[0].at == 0 || len(hits) >= 2 {
		return true
	}
	for _, w := range []string{"欢迎", "反映", "监督", "意见建议", "意见和建议", "来信来访"} {
		if strings.Contains(s[:hits[0].at], w) {
			return true
		}
	}
	return false
}
