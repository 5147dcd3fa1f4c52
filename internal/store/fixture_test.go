package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// The fixtures below are invented for these tests: a county water bureau
// (青石县水务局) inspected by a county inspection group, and its neighbour,
// the transport bureau.

var clock = time.Date(2024, 1, 15, 9, 30, 0, 123456000, time.UTC)

// open returns a fresh store with a fixed clock.
func open(t *testing.T) *store.Store {
	t.Helper()
	s := testdb.Open(t)
	s.Now = func() time.Time { return clock }
	return s
}

func d(s string) rectify.Date { return rectify.MustDate(s) }

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// county is a small unit tree: 青石县 → 水务局 (→ 水文站), 交通局.
type county struct {
	root, water, station, transport *rectify.Unit
}

func newCounty(t *testing.T, s *store.Store) county {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	c := county{
		root:      &rectify.Unit{Name: "中共青石县委员会"},
		water:     &rectify.Unit{Name: "中共青石县水务局党组", Contact: rectify.Contact{Phone: "0731-1234567", Address: "青石县滨河路8号", Email: "slj@example.org"}},
		station:   &rectify.Unit{Name: "青石县水文站党支部"},
		transport: &rectify.Unit{Name: "中共青石县交通运输局党组"},
	}
	ok(t, s.CreateUnit(ctx, c.root))
	c.water.ParentID = c.root.ID
	ok(t, s.CreateUnit(ctx, c.water))
	c.station.ParentID = c.water.ID
	ok(t, s.CreateUnit(ctx, c.station))
	c.transport.ParentID = c.root.ID
	ok(t, s.CreateUnit(ctx, c.transport))
	return c
}

// waterInspection returns the water bureau's inspection: 3 findings, 5
// problems (numbered 1-5 across findings), 10 measures, 9 status entries.
func waterInspection(unitID int64) *rectify.Inspection {
	opened := d("2023-07-10")
	return &rectify.Inspection{
		UnitID:     unitID,
		UnitName:   "中共青石县水务局党组",
		Team:       "县委第二巡察组",
		Kind:       rectify.KindRegular,
		Round:      3,
		Start:      d("2023-04-03"),
		End:        d("2023-05-26"),
		Feedback:   opened,
		Issuer:     "中共青石县水务局党组",
		Title:      "中共青石县水务局党组关于县委第二巡察组巡察反馈意见整改进展情况的通报",
		NoticeDate: d("2023-12-05"),
		Deployer:   "县委",
		Work:       []string{"成立以党组书记为组长的整改工作领导小组，逐条制定整改措施。", "每月召开一次整改调度会，通报进度。"},
		NextSteps:  []string{"持续巩固整改成果，防止问题反弹。"},
		Contact:    rectify.Contact{Phone: "0731-1234567", Address: "青石县滨河路8号", Email: "slj@example.org"},
		Findings: []*rectify.Finding{
			{Number: 1, Title: "贯彻落实上级决策部署有差距", Problems: []*rectify.Problem{
				{Number: 1, Title: "河道采砂整治推进迟缓", Description: "部分河段非法采砂屡禁不止，巡查记录流于形式。",
					Track: rectify.TrackDeadline, Leader: "李明", OwnerUnit: "河湖管理股", Due: d("2023-10-31"), Opened: opened,
					Measures: []*rectify.Measure{
						{Number: 1, Text: "开展河道采砂专项清理行动，建立日常巡查台账。", Owner: "张伟", Due: d("2023-09-30"), Done: d("2023-09-01")},
						{Number: 2, Text: "对巡查记录逐月抽查并通报结果。", Owner: "张伟", Due: d("2023-10-31"), Done: d("2023-10-15")},
					},
					History: []rectify.StatusChange{
						{Status: rectify.StatusInProgress, Date: d("2023-08-01"), Author: "张伟"},
						{Status: rectify.StatusSubmitted, Date: d("2023-10-20"), Author: "张伟"},
						{Status: rectify.StatusCompleted, Date: d("2023-10-25"), Author: "巡察办", Text: "完成"},
					}},
				{Number: 2, Title: "农村供水工程运维管护不到位", Description: "个别乡镇供水站水质检测不按频次开展。",
					Track: rectify.TrackLongTerm, Leader: "王芳", OwnerUnit: "农村水利股", Due: d("2023-12-31"), Opened: opened,
					Measures: []*rectify.Measure{
						{Number: 1, Text: "制定农村供水工程运维管护办法。"},
						{Number: 2, Text: "每季度开展一次水质抽检。"},
						{Number: 3, Text: "2024年底前完成老旧管网改造。", Due: d("2024-12-31")},
					},
					History: []rectify.StatusChange{
						{Status: rectify.StatusInProgress, Date: d("2023-08-01")},
						{Status: rectify.StatusLongTerm, Class: "I", Date: d("2023-11-20"), NextMilestone: d("2024-06-30"), Text: "长期整改I类"},
					}},
			}},
			{Number: 2, Title: "落实全面从严治党责任不够有力", Problems: []*rectify.Problem{
				{Number: 3, Title: "财务报销审核把关不严", Description: "存在无审批单据报销差旅费的情况。",
					Track: rectify.TrackImmediate, Leader: "赵强", OwnerUnit: "办公室", Due: d("2023-08-15"), Opened: opened,
					Measures: []*rectify.Measure{
						{Number: 1, Text: "清理2022年以来的差旅费报销凭证。", Done: d("2023-07-25")},
						{Number: 2, Text: "修订财务报销审批规程。"},
					},
					History: []rectify.StatusChange{
						{Status: rectify.StatusInProgress, Date: d("2023-07-20")},
						{Status: rectify.StatusCompleted, Date: d("2023-09-10")},
					}},
				{Number: 4, Title: "公务用车管理不规范", Leader: "赵强", OwnerUnit: "办公室", Due: d("2023-09-30"), Opened: opened,
					Measures: []*rectify.Measure{
						{Number: 1, Group: "关于车辆登记的问题", Text: "建立公务用车使用登记制度。"},
						{Number: 2, Group: "关于车辆登记的问题", Text: "每月公示用车情况。"},
					}},
			}},
			{Number: 3, Title: "基层党组织建设有弱项", Problems: []*rectify.Problem{
				{Number: 5, Title: "党支部组织生活不规范", Description: "三会一课记录雷同，存在补记现象。",
					Leader: "李明", OwnerUnit: "机关党委", Due: d("2023-11-30"), Opened: opened,
					Measures: []*rectify.Measure{
						{Number: 1, Text: "规范三会一课记录，每月检查一次。"},
					},
					History: []rectify.StatusChange{
						{Status: rectify.StatusInProgress, Date: d("2023-08-05")},
						{Status: rectify.StatusSubmitted, Date: d("2023-11-25")},
					}},
			}},
		},
	}
}

// transportInspection returns the transport bureau's inspection: 1 finding,
// 2 problems (one without a deadline).
func transportInspection(unitID int64) *rectify.Inspection {
	opened := d("2023-08-20")
	return &rectify.Inspection{
		UnitID: unitID, Team: "县委第三巡察组", Kind: rectify.KindSpecial, Feedback: opened,
		Findings: []*rectify.Finding{
			{Number: 1, Title: "项目管理方面", Problems: []*rectify.Problem{
				{Number: 1, Title: "道路养护资金使用不规范", Description: "养护资金拨付缺少验收资料。", OwnerUnit: "财务股",
					Leader: "周敏", Due: d("2024-03-31"), Opened: opened,
					Measures: []*rectify.Measure{{Number: 1, Text: "补齐养护项目验收资料，建立资金拨付台账。"}}},
				{Number: 2, Title: "乡村公路规划编制滞后", Description: "部分乡镇公路规划未按期编制。", Opened: opened,
					Measures: []*rectify.Measure{{Number: 1, Text: "年内完成乡村公路网规划修编。"}}},
			}},
		},
	}
}

// titles returns the titles of ps in order.
func titles(ps []*rectify.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Title)
	}
	return out
}

// same fails t unless got and want are deeply equal, showing both as JSON.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// wantCode fails t unless err carries the domain error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := rectify.ErrorCode(err); got != code {
		t.Fatalf("error %q has code %s, want %s", err, got, code)
	}
	if code == rectify.ENOTFOUND && !errors.Is(err, rectify.ErrNotFound) {
		t.Fatalf("error %q does not match rectify.ErrNotFound", err)
	}
}
