package rectify

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// validator is what every record of the domain offers before it is stored.
type validator interface{ Validate() error }

// TestValidate checks each record's Validate: a good record passes, and
// each kind of bad input is reported under its field with the message a
// person sees on the form.
func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("字", n) }
	d := MustDate
	tests := []struct {
		name string
		v    validator
		want map[string]string // field → message; nil when valid
	}{
		{"unit", &Unit{Name: "青石县水务局", Contact: Contact{Email: "xc@example.cn"}}, nil},
		{"unit without a name", &Unit{Name: "  "}, map[string]string{"name": "请填写单位名称"}},
		{"unit name too long", &Unit{Name: long(201)}, map[string]string{"name": "单位名称不能超过200个字"}},
		{"unit with a bad email", &Unit{Name: "水务局", Contact: Contact{Email: "xc.example.cn"}},
			map[string]string{"email": "电子邮箱格式不对"}},
		{"unit with a long phone", &Unit{Name: "水务局", Contact: Contact{Phone: long(51)}},
			map[string]string{"phone": "联系电话不能超过50个字"}},

		{"inspection", &Inspection{Team: "县委第二巡察组", Kind: KindRegular, Start: d("2024-03-01"), End: d("2024-04-30"),
			Feedback: d("2024-06-10"), NoticeDate: d("2024-09-10"), Round: 2}, nil},
		{"inspection without a team", &Inspection{}, map[string]string{"team": "请填写巡察组"}},
		{"inspection of an unknown kind", &Inspection{Team: "第二巡察组", Kind: "随便看看"},
			map[string]string{"kind": InspectionKindMessage}},
		{"inspection ending before it starts", &Inspection{Team: "第二巡察组", Start: d("2024-04-30"), End: d("2024-03-01")},
			map[string]string{"end": "巡察结束日期早于开始日期"}},
		{"feedback before the end", &Inspection{Team: "第二巡察组", End: d("2024-04-30"), Feedback: d("2024-04-01")},
			map[string]string{"feedback": "反馈日期早于巡察结束日期"}},
		{"notice before the feedback", &Inspection{Team: "第二巡察组", Feedback: d("2024-06-10"), NoticeDate: d("2024-06-01")},
			map[string]string{"notice_date": "通报日期早于反馈日期"}},
		{"negative round", &Inspection{Team: "第二巡察组", Round: -1}, map[string]string{"round": "轮次不能为负数"}},

		{"finding", &Finding{Title: "落实全面从严治党责任不到位", Number: 1}, nil},
		{"finding without a title", &Finding{}, map[string]string{"title": "请填写反馈问题"}},
		{"finding with a negative number", &Finding{Title: "x", Number: -2}, map[string]string{"number": "序号不能为负数"}},

		{"problem", &Problem{Title: "防汛物资账实不符", Track: TrackDeadline, Status: StatusInProgress}, nil},
		{"problem without a title", &Problem{}, map[string]string{"title": "请填写问题标题"}},
		{"problem of an unknown track", &Problem{Title: "x", Track: "someday"},
			map[string]string{"track": "整改类型应为立行立改、限期整改或长期整改"}},
		{"problem of an unknown status", &Problem{Title: "x", Status: "forgotten"}, map[string]string{"status": "未知的整改状态"}},
		{"problem with a long leader", &Problem{Title: "x", Leader: long(101)}, map[string]string{"leader": "责任领导不能超过100个字"}},
		{"problem with a long owner unit", &Problem{Title: "x", OwnerUnit: long(201)},
			map[string]string{"owner_unit": "责任单位不能超过200个字"}},
		{"problem with a negative number", &Problem{Title: "x", Number: -1}, map[string]string{"number": "序号不能为负数"}},

		{"measure", &Measure{Text: "逐项盘点库存物资"}, nil},
		{"measure without text", &Measure{Text: "\t"}, map[string]string{"text": "请填写整改措施"}},
		{"measure with a long owner", &Measure{Text: "x", Owner: long(101)}, map[string]string{"owner": "责任人不能超过100个字"}},

		{"progress", &Progress{Text: "已补登出入库记录 36 条", Date: d("2024-05-01")}, nil},
		{"progress without text or date", &Progress{}, map[string]string{"text": "请填写整改情况", "date": "请填写日期"}},
		{"progress too long", &Progress{Text: long(10001), Date: d("2024-05-01")},
			map[string]string{"text": "整改情况不能超过10000个字"}},

		{"rule", &Rule{Title: "物资出入库管理办法", Kind: RuleNew, Date: d("2024-05-01")}, nil},
		{"rule of no kind and no date", &Rule{Title: "办法"}, map[string]string{"kind": "请选择新建或修订", "date": "请填写日期"}},

		{"accountability", &Accountability{Person: "王某", Form: "约谈", Reason: "台账长期未更新", Date: d("2024-05-01")}, nil},
		{"accountability left empty", &Accountability{}, map[string]string{"person": "请填写被问责人", "form": "请填写问责方式",
			"reason": "请填写问责事由", "date": "请填写日期"}},

		{"public comment", &PublicComment{Contact: "13800000000", Text: "河道护栏还没修好"}, nil},
		{"public comment without contact or text", &PublicComment{Name: "张"},
			map[string]string{"contact": "请填写联系方式", "text": "请填写意见建议"}},
		{"public comment with a long name", &PublicComment{Name: long(51), Contact: "x", Text: "y"},
			map[string]string{"name": "姓名不能超过50个字"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate() = %v, want %s", err, EINVALID)
			}
			got := ErrorFields(err)
			for field, msg := range tt.want {
				if got[field] != msg {
					t.Errorf("field %s: %q, want %q", field, got[field], msg)
				}
			}
			if extra := slices.Sorted(maps.Keys(got)); len(extra) != len(tt.want) {
				t.Errorf("fields %v, want only %v", extra, slices.Sorted(maps.Keys(tt.want)))
			}
		})
	}
}
