package demo

import "github.com/rectify-dev/rectify"

// inspectionSpec describes one inspection of the demo: four rounds over the
// last two years, each by the city's four teams.
type inspectionSpec struct {
	unit      string
	source    rectify.Source // the kind of rectification; "" is 巡察
	round     int            // of 巡察 only
	kind      rectify.InspectionKind
	team      string
	ago       int      // days from the feedback to today
	problems  int      // how many specific problems
	topics    []string // the findings, in order; "duty" is the unit's own business
	published bool
	pins      []plan // problems whose fate is set, not drawn
}

// Days relative to today of the planted cases.
const (
	reboundReopenAgo = 24 // the failed look-back reopened the problem this many days ago
)

var teams = []string{"市委第一巡察组", "市委第二巡察组", "市委第三巡察组", "市委第四巡察组"}

// inspectionSpecs are the inspections of the demo. The fourth round's
// inspection of the water bureau is the showcase: one problem in every
// light and status, deadlines from last fortnight to next half-year.
func inspectionSpecs(today rectify.Date) []inspectionSpec {
	at := today.AddDays
	return []inspectionSpec{
		// 第一轮
		{unit: "临江市教育局", round: 1, kind: rectify.KindRegular, team: teams[0], ago: 702, problems: 24,
			topics: []string{"political", "duty", "party", "organization", "style", "finance", "rectify"}, published: true,
			pins: []plan{{fate: fateRebound, tmplKey: "edu.textbooks", track: rectify.TrackDeadline, reopen: at(-reboundReopenAgo)}}},
		{unit: "临江市卫生健康委员会", round: 1, kind: rectify.KindRegular, team: teams[1], ago: 696, problems: 18,
			topics: []string{"political", "duty", "party", "organization", "style", "finance"}, published: true},
		{unit: "临江市交通运输局", round: 1, kind: rectify.KindSpecial, team: teams[2], ago: 690, problems: 8,
			topics: []string{"organization", "party"}, published: true},
		{unit: "临江市文化旅游广电局", round: 1, kind: rectify.KindRegular, team: teams[3], ago: 684, problems: 14,
			topics: []string{"political", "duty", "party", "style", "finance", "ideology"}, published: true},
		// 第二轮
		{unit: "临江市自然资源和规划局", round: 2, kind: rectify.KindRegular, team: teams[0], ago: 506, problems: 20,
			topics: []string{"political", "duty", "party", "organization", "style", "finance", "projects"}, published: true,
			pins: []plan{{fate: fateCompleted, tmplKey: "finance.payables", plant: plantMeetingOnly}}},
		{unit: "临江市人民医院", round: 2, kind: rectify.KindExtended, team: teams[1], ago: 500, problems: 16,
			topics: []string{"duty", "party", "finance", "style", "organization"}, published: true,
			pins: []plan{{fate: fateCompleted, tmplKey: "hospital.charges"}}},
		{unit: "临江市住房和城乡建设局", round: 2, kind: rectify.KindCross, team: teams[2], ago: 497, problems: 19,
			topics: []string{"political", "duty", "party", "organization", "style", "finance", "projects", "safety"}, published: true,
			pins: []plan{{fate: fateCompleted, tmplKey: "style.reception", plant: plantCopied}}},
		{unit: "临江市生态环境局", round: 2, kind: rectify.KindAdHoc, team: teams[3], ago: 489, problems: 6,
			topics: []string{"duty", "rectify"}},
		// 第三轮
		{unit: "临江市农业农村局", round: 3, kind: rectify.KindRegular, team: teams[0], ago: 316, problems: 21,
			topics: []string{"political", "duty", "party", "organization", "style", "finance", "projects", "service"}, published: true,
			pins: []plan{{fate: fateCompleted, tmplKey: "style.reception", plant: plantCopied}}},
		{unit: "临江市第一中学", round: 3, kind: rectify.KindExtended, team: teams[1], ago: 311, problems: 12,
			topics: []string{"duty", "party", "finance", "style", "safety"}, published: true},
		{unit: "临江市市场监督管理局", round: 3, kind: rectify.KindSpecial, team: teams[2], ago: 305, problems: 10,
			topics: []string{"finance", "style"},
			pins:   []plan{{fate: fateLate, track: rectify.TrackDeadline, due: at(-250), tmplKey: "finance.vouchers"}}},
		{unit: "临江市教育局", round: 3, kind: rectify.KindFollowUp, team: teams[3], ago: 299, problems: 7,
			topics: []string{"rectify", "duty", "style"}, published: true},
		// 第四轮
		{unit: bureauName, round: 4, kind: rectify.KindRegular, team: teams[0], ago: 112, problems: 30,
			topics:    []string{"political", "duty", "party", "organization", "style", "finance", "projects", "ideology", "safety", "service"},
			published: true,
			pins: []plan{
				{fate: fateInProgress, track: rectify.TrackDeadline, due: at(-12)},   // red
				{fate: fateInProgress, track: rectify.TrackDeadline, due: at(2)},     // yellow
				{fate: fateSubmitted, track: rectify.TrackImmediate, due: at(1)},     // yellow, waiting for sign-off
				{fate: fateInProgress, track: rectify.TrackDeadline, due: at(18)},    // green, in weeks
				{fate: fateInProgress, track: rectify.TrackDeadline, due: at(160)},   // green, far away
				{fate: fateLongTerm, class: "I", milestone: at(45)},                  // blue
				{fate: fateLongTerm, class: "II", milestone: at(3)},                  // yellow milestone
				{fate: fateLongTerm, class: "I", milestone: at(-6)},                  // red milestone
				{fate: fateNotStarted, track: rectify.TrackDeadline, due: at(30)},    // not started
				{fate: fateNotCompleted, track: rectify.TrackDeadline, due: at(-20)}, // not completed
				{fate: fateMostly, track: rectify.TrackDeadline, due: at(9)},         // mostly completed
				{fate: fateRejected, track: rectify.TrackDeadline, due: at(25)},      // sent back
				{fate: fateCompleted, track: rectify.TrackImmediate},                 // done at once
				{fate: fateCompleted, track: rectify.TrackDeadline, tmplKey: "water.chief", plant: plantReusedPhoto},
				{fate: fateCompleted, track: rectify.TrackDeadline, tmplKey: "style.cars", plant: plantReusedPhoto},
			}},
		{unit: bureauChild, round: 4, kind: rectify.KindExtended, team: teams[0], ago: 108, problems: 9,
			topics: []string{"duty", "party", "finance"}},
		{unit: "临江市应急管理局", round: 4, kind: rectify.KindPromoted, team: teams[1], ago: 110, problems: 17,
			topics: []string{"political", "duty", "party", "organization", "style", "safety"}, published: true},
		{unit: "临江市公路事业发展中心", round: 4, kind: rectify.KindAdHoc, team: teams[2], ago: 100, problems: 5,
			topics: []string{"duty", "projects"}},
		// Beside the rounds: an audit and an environmental inspection,
		// tracked in the same record.
		{unit: "临江市交通运输局", source: rectify.SourceAudit, team: "临江市审计局审计组", ago: 240, problems: 7,
			topics: sourceTopics[rectify.SourceAudit], published: true},
		{unit: "临江市生态环境局", source: rectify.SourceEnvironment, team: "省第二生态环境保护督察组", ago: 150, problems: 6,
			topics: sourceTopics[rectify.SourceEnvironment], published: true},
	}
}
