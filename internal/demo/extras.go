package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// eachBuilt calls fn for every problem built so far, in order, with its inspection.
func (f *filler) eachBuilt(fn func(rec *inspectionRecord, x *built)) {
	for _, rec := range f.inspections {
		for _, x := range rec.built {
			fn(rec, x)
		}
	}
}

// office returns a reviewer of the inspection office.
func (f *filler) office() string { return pick(f.r, f.reviewers) + "（市委巡察办）" }

// rechecks schedules the look-backs (回头看): the failed one behind the
// rebound, passed ones of the first two rounds, and some due in the days
// ahead (one overdue).
func (f *filler) rechecks(ctx context.Context) error {
	T, last := f.today, f.today.AddDays(-1)
	var rs []*rectify.Recheck
	used := map[int64]bool{}
	add := func(r *rectify.Recheck) {
		rs = append(rs, r)
		used[r.ProblemID] = true
	}
	f.eachBuilt(func(rec *inspectionRecord, x *built) {
		if x.plan.fate != fateRebound {
			return
		}
		note := "现场核查发现问题反弹，已重新打开整改"
		if x.tmpl.key == "edu.textbooks" {
			note = "抽查发现部分学校仍以“自愿”名义统一征订教辅资料，问题反弹，已重新打开整改"
		}
		add(&rectify.Recheck{ProblemID: x.p.ID, Due: x.plan.reopen.AddDays(-3), Done: x.plan.reopen,
			Result: rectify.RecheckFailed, Reviewer: f.office(), Note: note, Sampled: true})
	})
	passedNotes := []string{"现场核查，整改成果巩固", "抽查相关台账和现场，未发现反弹", "查阅制度执行记录，整改措施持续落实"}
	passed, due3, overdue := 0, 0, false
	soon := []int{2, 6, 13}
	f.eachBuilt(func(rec *inspectionRecord, x *built) {
		if used[x.p.ID] || x.p.Status != rectify.StatusCompleted {
			return
		}
		switch rec.spec.round {
		case 1, 2:
			due := x.settled.AddDays(180)
			if passed < 12 && x.p.Number%2 == 1 && due.Before(T.AddDays(-10)) {
				done, _ := f.b.between(due, minDate(due.AddDays(10), last))
				add(&rectify.Recheck{ProblemID: x.p.ID, Due: due, Done: done, Result: rectify.RecheckPassed,
					Reviewer: f.office(), Note: pick(f.r, passedNotes), Sampled: f.r.IntN(3) == 0})
				passed++
			} else if !overdue && rec.spec.round == 2 && x.plan.plant == plantNone {
				add(&rectify.Recheck{ProblemID: x.p.ID, Due: T.AddDays(-4), Reviewer: f.office()})
				overdue = true
			}
		case 3:
			if due3 < len(soon) && x.plan.plant == plantNone {
				add(&rectify.Recheck{ProblemID: x.p.ID, Due: T.AddDays(soon[due3]), Reviewer: f.office(), Sampled: due3 == 0})
				due3++
			}
		}
	})
	if id := f.sum.Planted.MeetingOnly; id != 0 && !used[id] {
		add(&rectify.Recheck{ProblemID: id, Due: T.AddDays(5), Reviewer: f.office(), Note: "重点核查整改实效"})
	}
	for _, r := range rs {
		if err := f.st.CreateRecheck(ctx, r); err != nil {
			return fmt.Errorf("recheck of problem %d: %w", r.ProblemID, err)
		}
		f.sum.Counts.Rechecks++
	}
	return nil
}

// leaderPerson returns the problem's leader with the unit in the title:
// 李明（市教育局副局长）.
func leaderPerson(x *built) string {
	return strings.Replace(x.p.Leader, "（", "（"+x.unit.short, 1)
}

// headPerson returns the head of the department owning the problem:
// 王芳（市教育局基础教育科负责人）.
func headPerson(x *built, st *staff) string {
	sec := sectors[x.unit.sector]
	for i, d := range sec.depts {
		if d == x.p.OwnerUnit {
			return st.heads[i] + "（" + x.unit.short + d + "负责人）"
		}
	}
	return st.heads[0] + "（" + x.unit.short + "）"
}

// accountability holds people accountable (问责) where the record calls for
// it: the rebound, the late and the unfinished problems, overdue work, and
// the receptions and allowances that broke the rules.
func (f *filler) accountability(ctx context.Context) error {
	T, last := f.today, f.today.AddDays(-1)
	var as []*rectify.Accountability
	add := func(rec *inspectionRecord, x *built, person, form string, d rectify.Date, reason string) {
		as = append(as, &rectify.Accountability{InspectionID: rec.in.ID, ProblemID: x.p.ID, Person: person,
			Form: form, Date: minDate(d, last), Reason: reason})
	}
	forms := []string{"约谈", "批评教育", "责令检查", "谈话提醒"}
	nc, style := 0, 0
	f.eachBuilt(func(rec *inspectionRecord, x *built) {
		p, pl := x.p, x.plan
		switch {
		case pl.fate == fateRebound:
			add(rec, x, leaderPerson(x), "约谈", pl.reopen.AddDays(3),
				"分管领域“"+p.Title+"”问题整改后出现反弹，履行整改责任不到位")
			add(rec, x, headPerson(x, rec.staff), "诫勉", pl.reopen.AddDays(10),
				"对“"+p.Title+"”问题监管不力，导致问题反弹")
		case pl.fate == fateLate && pl.tmplKey != "":
			add(rec, x, headPerson(x, rec.staff), "通报", x.settled.AddDays(7),
				"未在整改时限内完成“"+p.Title+"”问题整改")
		case p.ID == f.sum.Planted.Overdue:
			add(rec, x, headPerson(x, rec.staff), "谈话提醒", T.AddDays(-5),
				"“"+p.Title+"”问题超过整改时限仍未完成，推进迟缓")
		case pl.fate == fateNotCompleted && nc < 6:
			person := headPerson(x, rec.staff)
			if nc%2 == 1 {
				person = leaderPerson(x)
			}
			add(rec, x, person, forms[nc%len(forms)], x.settled.AddDays(5), "“"+p.Title+"”问题整改不力，未在时限内完成")
			nc++
		case (x.tmpl.key == "style.reception" || x.tmpl.key == "style.allowance") && p.Status == rectify.StatusCompleted &&
			pl.plant == plantNone && style < 3:
			add(rec, x, headPerson(x, rec.staff), "诫勉", x.start.AddDays(20), "对“"+p.Title+"”问题负有直接责任")
			style++
		}
	})
	for _, a := range as {
		if err := f.st.CreateAccountability(ctx, a); err != nil {
			return fmt.Errorf("accountability of %s: %w", a.Person, err)
		}
		f.sum.Counts.Accountability++
	}
	return nil
}

// commentSpec is an opinion from the public (群众意见建议) of the demo.
type commentSpec struct {
	unit          string
	ago, hour     int
	name, contact string
	text          string
	state         rectify.CommentState
	assignee      string
	reply         string
	public        bool
	link          string // "rebound": the rebound problem; a template key: a completed problem written from it
}

var commentSpecs = []commentSpec{
	{unit: bureauName, ago: 2, hour: 21, name: "张先生", contact: "zhang.lw@example.com", state: rectify.CommentNew,
		text: "我们村的自来水这个月已经停了三次，每次都没有提前通知，希望水利局督促供水站尽快解决。"},
	{unit: bureauName, ago: 9, hour: 8, contact: "0000-5550312", state: rectify.CommentAssigned, assignee: "河湖管理科",
		text: "滨江大道下游河段晚上经常有船在采砂，噪音很大，也担心河堤安全，希望加强夜间巡查。"},
	{unit: bureauChild, ago: 5, hour: 19, name: "望江社区居民", contact: "wjsq@example.com", state: rectify.CommentNew,
		text: "河堤步道上的垃圾清运不及时，天热以后气味很大，希望增加保洁频次。"},
	{unit: "临江市教育局", ago: 30, hour: 20, name: "一位家长", contact: "parent2024@example.com", state: rectify.CommentReplied,
		link: "rebound", public: true,
		text:  "孩子学校还在统一征订教辅资料，说是自愿，其实老师在班上点名，希望教育局管一管。",
		reply: "经核查，反映的问题属实，该校个别年级存在变相统一征订教辅资料问题。我局已责令全额退费，对相关负责人进行约谈，并将该问题重新纳入整改台账。感谢您的监督。"},
	{unit: "临江市第一中学", ago: 14, hour: 12, name: "李女士", contact: "li.ns@example.com", state: rectify.CommentTriaged,
		text: "学校食堂饭菜价格上涨了不少，分量却少了，能不能公开一下食堂的收支情况？"},
	{unit: "临江市人民医院", ago: 40, hour: 10, name: "王先生", contact: "0000-5550788", state: rectify.CommentClosed,
		link: "hospital.charges", public: true,
		text:  "去年在市人民医院住院，出院结算时发现有重复收费的项目，后来医院退了钱，想问问现在收费是否已经规范？",
		reply: "经核查，市人民医院已在巡察整改中对违规收费逐笔清退，开展了收费项目专项自查，并将合理收费纳入科室绩效考核，该问题已整改销号。欢迎继续监督。"},
	{unit: "临江市住房和城乡建设局", ago: 3, hour: 23, contact: "lj_night@example.com", state: rectify.CommentNew,
		text: "老旧小区改造工地晚上十点以后还在施工，影响周边居民休息。"},
	{unit: "临江市住房和城乡建设局", ago: 21, hour: 9, name: "刘女士", contact: "0000-5551046", state: rectify.CommentReplied,
		text:  "小区燃气管道改造完成后一直没有通气，物业说在等验收，已经快一个月了。",
		reply: "已督促燃气经营企业完成验收，预计本周内恢复供气。"},
	{unit: "临江市自然资源和规划局", ago: 55, hour: 15, name: "赵先生", contact: "zhao.nt@example.com", state: rectify.CommentClosed, public: true,
		text:  "城郊有一片农田被人倒了大量建筑垃圾，已经好几个月没人管。",
		reply: "经现场核查，已责令当事人清运建筑垃圾并恢复耕种条件，该地块已纳入耕地保护网格化巡查。"},
	{unit: "临江市农业农村局", ago: 17, hour: 16, name: "种粮户老陈", contact: "0000-5552290", state: rectify.CommentReplied, public: true,
		text:  "我家的耕地地力保护补贴今年比去年少了，不知道是什么原因？",
		reply: "经核查，补贴面积以确权面积为准，您家有一块地已流转给合作社，补贴按规定发放给实际种粮者。如有疑问，可到乡镇农业综合服务中心查询。"},
	{unit: "临江市应急管理局", ago: 6, hour: 22, contact: "safety.watch@example.com", state: rectify.CommentAssigned, assignee: "危险化学品安全监管科",
		text: "工业园区有家化工企业夜间经常排出刺鼻气味，担心有安全隐患。"},
	{unit: "临江市市场监督管理局", ago: 12, hour: 11, name: "孙先生", contact: "sun.dt@example.com", state: rectify.CommentNew,
		text: "小区电梯的年检标志已经过期半年了，物业说在等检验，不知道还能不能坐。"},
	{unit: "临江市交通运输局", ago: 26, hour: 18, contact: "0000-5553307", state: rectify.CommentTriaged,
		text: "国道改线工程施工路段没有设置夜间警示灯，晚上开车很危险。"},
	{unit: "临江市文化旅游广电局", ago: 48, hour: 14, name: "周女士", contact: "zhou.ly@example.com", state: rectify.CommentClosed, public: true,
		text:  "参加了一个低价“一日游”，全程被带去购物点，导游态度也很差。",
		reply: "已对涉事旅行社立案调查，责令其退还游客费用，并在全市开展“不合理低价游”专项整治。感谢您的反映。"},
}

// comments stores the public's opinions in every state of handling.
func (f *filler) comments(ctx context.Context) error {
	cst := time.FixedZone("CST", 8*3600)
	for _, cs := range commentSpecs {
		d := f.today.AddDays(-cs.ago)
		c := &rectify.PublicComment{
			UnitID:      f.units[cs.unit].ID,
			Name:        cs.name,
			Contact:     cs.contact,
			Text:        cs.text,
			State:       cs.state,
			Assignee:    cs.assignee,
			Reply:       cs.reply,
			ReplyPublic: cs.public,
			Received:    time.Date(d.Year, d.Month, d.Day, cs.hour, 7*cs.ago%60, 0, 0, cst),
		}
		for _, rec := range f.inspections {
			if rec.spec.unit == cs.unit {
				c.InspectionID = rec.in.ID // the latest inspection of the unit
			}
		}
		if cs.link != "" {
			f.eachBuilt(func(rec *inspectionRecord, x *built) {
				if c.ProblemID != 0 || rec.spec.unit != cs.unit {
					return
				}
				if (cs.link == "rebound" && x.plan.fate == fateRebound) ||
					(x.tmpl.key == cs.link && x.p.Status == rectify.StatusCompleted) {
					c.ProblemID, c.InspectionID = x.p.ID, rec.in.ID
				}
			})
		}
		if err := f.st.CreateComment(ctx, c); err != nil {
			return fmt.Errorf("comment to %s: %w", cs.unit, err)
		}
		f.sum.Counts.Comments++
	}
	return nil
}
