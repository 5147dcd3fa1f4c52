package jobs

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notify"
)

// to names the digest's recipient for people reading a report.
func (dg *digest) to() string {
	if dg.user != nil {
		if dg.user.Email == "" {
			return dg.user.Name + "（未填电子邮箱）"
		}
		return dg.user.Name + " <" + dg.user.Email + ">"
	}
	return channelLabel(dg.channel) + "（" + dg.unit.Name + "）"
}

func channelLabel(channel string) string {
	switch channel {
	case ChannelDingTalk:
		return "钉钉群"
	case ChannelWeCom:
		return "企业微信群"
	}
	return "邮件"
}

// groupBudget is how much of a robot's markdown the items may fill, below
// notify.MaxMarkdownBytes, leaving room for the note of what was left out.
const groupBudget = notify.MaxMarkdownBytes - 300

// render writes the message of a digest holding entries (the items this
// run claimed), in Chinese: for a person a mail with a subject, a text and
// an HTML body; for a group a markdown digest.
func (r *Reminders) render(day rectify.Date, dg *digest, entries []entry) *notify.Message {
	m := &notify.Message{Subject: subject(dg.kind, entries)}
	if dg.user == nil {
		m.Subject = strings.Replace(m.Subject, "：", "（"+dg.unit.Name+"）：", 1)
		m.Markdown, m.AtMobiles = r.markdown(day, dg, entries, m.Subject)
		return m
	}
	m.To, m.ToName = dg.user.Email, dg.user.Name
	m.Text, m.HTML = r.mailBodies(day, dg, entries)
	return m
}

// counts returns how many entries are due soon (or, for look-backs, not
// yet late) and how many are late.
func counts(entries []entry) (soon, late int) {
	for _, e := range entries {
		if e.days < 0 {
			late++
		} else {
			soon++
		}
	}
	return soon, late
}

// countText says how many entries are due soon and how many late, joined
// with sep: "3项即将到期，2项已逾期" (look-backs: "已超期").
func countText(kind Kind, entries []entry, sep string) string {
	soon, late := counts(entries)
	var parts []string
	if soon > 0 {
		parts = append(parts, fmt.Sprintf("%d项即将到期", soon))
	}
	if late > 0 {
		word := "已逾期"
		if kind == KindRecheck {
			word = "已超期"
		}
		parts = append(parts, fmt.Sprintf("%d项%s", late, word))
	}
	return strings.Join(parts, sep)
}

// subject returns the subject of a message: "巡察整改提醒：3项即将到期，2项已逾期".
func subject(kind Kind, entries []entry) string {
	switch kind {
	case KindDue:
		return "巡察整改提醒：" + countText(kind, entries, "，")
	case KindEscalation:
		return fmt.Sprintf("巡察整改督办：%d项逾期未完成，已升级督办", len(entries))
	default:
		return "回头看提醒：" + countText(kind, entries, "，")
	}
}

// intro returns the sentence before the items.
func intro(kind Kind, day rectify.Date, entries []entry) string {
	switch kind {
	case KindDue:
		return fmt.Sprintf("截至%s，您负责的巡察整改事项中有%s，请抓紧推进、按期销号。", day.Chinese(), countText(kind, entries, "、"))
	case KindEscalation:
		return fmt.Sprintf("截至%s，以下%d项巡察整改事项逾期未完成，已超过督办期限，现升级督办，请督促落实。", day.Chinese(), len(entries))
	default:
		return fmt.Sprintf("截至%s，以下%d项已销号问题的回头看即将到期或已超期，请按期组织回头看，防止问题反弹。", day.Chinese(), len(entries))
	}
}

// daysText says how far a date is, in the words of the lights
// (rectify.DaysText): "还有 3 天", "今天到期", "逾期 5 天"; a look-back past
// its day is "超期 5 天".
func daysText(kind Kind, days int) string {
	if kind == KindRecheck && days < 0 {
		return fmt.Sprintf("超期 %d 天", -days)
	}
	return rectify.DaysText(days)
}

// inspectionLabel names an inspection: "县委第二巡察组 常规巡察（中共青石县水务局党组）".
func inspectionLabel(it *item) string {
	name := it.insp.UnitName
	if name == "" && it.unit != nil {
		name = it.unit.Name
	}
	label := strings.TrimSpace(it.insp.Team + " " + string(it.insp.Kind))
	if label == "" {
		label = "巡察"
	}
	return label + "（" + name + "）"
}

// title names a problem: "问题3 河道采砂整治推进迟缓".
func title(p *rectify.Problem) string {
	return "问题" + strconv.Itoa(p.Number) + " " + p.Title
}

// link returns the address of the problem's page, "" without a base URL.
func (r *Reminders) link(p *rectify.Problem) string {
	if r.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(r.BaseURL, "/") + "/problems/" + strconv.FormatInt(p.ID, 10)
}

// dueLabel names the date that counts: 整改时限, 下一节点 of a long-term
// item, or 回头看日期.
func dueLabel(it *item) string {
	switch {
	case it.kind == KindRecheck:
		return "回头看日期"
	case it.milestone:
		return "下一节点"
	}
	return "整改时限"
}

// whenText says the date that counts and how far it is.
func whenText(it *item) string {
	if it.due.IsZero() {
		return dueLabel(it) + "：未定"
	}
	return dueLabel(it) + "：" + it.due.Chinese() + "（" + daysText(it.kind, it.days) + "）"
}

// responsibleText names who is responsible for an item: the leader as the
// record writes it, the owner unit, the editors and measure owners with
// accounts.
func responsibleText(it *item) string {
	p := it.problem
	var parts []string
	if p.Leader != "" {
		parts = append(parts, "责任领导："+p.Leader)
	}
	if p.OwnerUnit != "" {
		parts = append(parts, "责任单位："+p.OwnerUnit)
	}
	for _, as := range []string{AsEditor, AsOwner} {
		var names []string
		for _, rc := range it.responsible {
			for _, a := range rc.As {
				if a == as {
					names = append(names, rc.User.Name)
				}
			}
		}
		if len(names) > 0 {
			parts = append(parts, as+"："+strings.Join(names, "、"))
		}
	}
	if len(parts) == 0 {
		return "责任人：未填写"
	}
	return strings.Join(parts, "｜")
}

// itemLines returns the lines that describe an entry, the first its title.
func itemLines(e entry) []string {
	it := e.item
	p := it.problem
	switch it.kind {
	case KindEscalation:
		overdue := -it.days
		return []string{
			title(p),
			fmt.Sprintf("%s，亮红灯已%d天（%s：%s），逾期%d天即升级督办", rectify.DaysText(it.days), overdue, dueLabel(it),
				it.due.Chinese(), it.set.EscalationDays),
			"整改状态：" + p.Status.LabelWithClass(p.Class) + "｜" + responsibleText(it),
		}
	case KindRecheck:
		line := whenText(it)
		if it.recheck.Sampled {
			line += "｜随机抽查"
		}
		return []string{title(p), line, "整改状态：" + p.Status.LabelWithClass(p.Class)}
	}
	lines := []string{
		it.light.Label() + "｜" + title(p),
		whenText(it),
		"整改状态：" + p.Status.LabelWithClass(p.Class) + "｜" + responsibleText(it),
	}
	if _, escalate := it.set.Overdue(p, it.day); escalate {
		lines[1] += "，已升级督办"
	}
	if len(e.as) > 0 {
		lines = append(lines, "您是："+strings.Join(e.as, "、"))
	}
	return lines
}

// byInspection splits entries, sorted by inspection, into runs of one
// inspection.
func byInspection(entries []entry) [][]entry {
	var out [][]entry
	for i, e := range entries {
		if i == 0 || e.insp.ID != entries[i-1].insp.ID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], e)
	}
	return out
}

const mailFooter = "本邮件由巡察整改工作系统自动发送，同一事项每天最多提醒一次；事项整改完成并销号后不再提醒。"

// mailBodies returns the text and HTML bodies of a person's message.
func (r *Reminders) mailBodies(day rectify.Date, dg *digest, entries []entry) (text, htm string) {
	var t, h strings.Builder
	greeting := dg.user.Name + "同志："
	t.WriteString(greeting + "\n\n" + intro(dg.kind, day, entries) + "\n")
	h.WriteString(`<div style="font-family:sans-serif;line-height:1.6">`)
	h.WriteString("<p>" + html.EscapeString(greeting) + "</p><p>" + html.EscapeString(intro(dg.kind, day, entries)) + "</p>\n")
	for _, group := range byInspection(entries) {
		label := inspectionLabel(group[0].item)
		t.WriteString("\n【" + label + "】\n")
		h.WriteString("<h3>" + html.EscapeString(label) + "</h3>\n<ul>\n")
		for _, e := range group {
			lines := itemLines(e)
			link := r.link(e.problem)
			t.WriteString("● " + lines[0] + "\n")
			for _, l := range lines[1:] {
				t.WriteString("  " + l + "\n")
			}
			if link != "" {
				t.WriteString("  查看：" + link + "\n")
			}
			head := html.EscapeString(lines[0])
			if link != "" {
				head = `<a href="` + html.EscapeString(link) + `">` + head + "</a>"
			}
			h.WriteString(`<li style="margin-bottom:8px"><span style="color:` + lightColor(e.light) + `">●</span> ` + head)
			for _, l := range lines[1:] {
				h.WriteString("<br>" + html.EscapeString(l))
			}
			h.WriteString("</li>\n")
		}
		h.WriteString("</ul>\n")
	}
	t.WriteString("\n" + mailFooter + "\n")
	h.WriteString(`<p style="color:#888;font-size:12px">` + html.EscapeString(mailFooter) + "</p></div>\n")
	return t.String(), h.String()
}

func lightColor(l rectify.Light) string {
	if l == rectify.LightRed {
		return "#d93026"
	}
	return "#e6a700"
}

// markdown returns a group's digest and the mobiles it mentions
// (DingTalk only: WeCom mentions members by user ID alone).
func (r *Reminders) markdown(day rectify.Date, dg *digest, entries []entry, subject string) (string, []string) {
	var b strings.Builder
	b.WriteString("#### " + subject + "\n\n")
	fmt.Fprintf(&b, "截至%s，本单位巡察整改事项中有%s，请相关负责同志抓紧推进。\n", day.Chinese(), countText(dg.kind, entries, "、"))
	var mobiles []string
	seen := map[string]bool{}
	left := 0
	for _, group := range byInspection(entries) {
		head := "\n**" + inspectionLabel(group[0].item) + "**\n\n"
		wroteHead := false
		for _, e := range group {
			line := r.markdownLine(dg.channel, e)
			var mention []string
			if dg.channel == ChannelDingTalk {
				for _, rc := range e.responsible {
					if m := mobile(rc.User.Phone); m != "" {
						mention = append(mention, m)
					}
				}
				for _, m := range mention {
					line += " @" + m
				}
			}
			line += "\n"
			add := len(line)
			if !wroteHead {
				add += len(head)
			}
			if b.Len()+add > groupBudget {
				left++
				continue
			}
			if !wroteHead {
				b.WriteString(head)
				wroteHead = true
			}
			b.WriteString(line)
			for _, m := range mention {
				if !seen[m] {
					seen[m] = true
					mobiles = append(mobiles, m)
				}
			}
		}
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n……另有%d项未列出，请登录系统查看。\n", left)
	}
	return b.String(), mobiles
}

// markdownLine writes one item of a group's digest.
func (r *Reminders) markdownLine(channel string, e entry) string {
	it := e.item
	p := it.problem
	light := "【" + it.light.Label() + "】"
	if channel == ChannelWeCom {
		color := "warning"
		if it.light == rectify.LightYellow {
			color = "comment"
		}
		light = `<font color="` + color + `">` + light + "</font>"
	}
	name := mdEscape(title(p))
	if link := r.link(p); link != "" {
		name = "[" + name + "](" + link + ")"
	}
	line := "- " + light + name + "：" + whenText(it)
	if _, escalate := it.set.Overdue(p, it.day); escalate {
		line += "，已升级督办"
	}
	if p.Leader != "" {
		line += "；责任领导：" + mdEscape(p.Leader)
	}
	return line
}

// mdEscape keeps the characters of a title from being read as Markdown.
func mdEscape(s string) string {
	return strings.NewReplacer("[", "［", "]", "］", "*", "＊", "_", "＿", "`", "｀", "\n", " ", "#", "＃").Replace(s)
}

// mobile returns a mainland mobile number in phone ("138-0000-1111",
// "+86 13800001111"), or "".
func mobile(phone string) string {
	var digits []rune
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits = append(digits, r)
		}
	}
	s := strings.TrimPrefix(string(digits), "86")
	if len(s) == 11 && s[0] == '1' {
		return s
	}
	return ""
}
