package api

import (
	"net/http"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// endpoint is one route of the API and what its documentation says of it.
// The server reads the first part (httpx.Route); the OpenAPI document is
// generated from all of it (see openapi_gen_test.go).
type endpoint struct {
	pattern   string // "GET /api/v1/problems/{problemID}"
	perm      auth.Permission
	handler   httpx.HandlerFunc
	unitField string // the body field naming the unit the route acts on
	upload    bool   // the body may be as large as Deps.MaxUpload

	id      string // the operation's ID
	tag     string // the resource it belongs to
	summary string // one line, Chinese
	doc     string // more, when a line is not enough
	query   []param
	body    any      // the type of the JSON body (a zero value); nil for none
	form    any      // the type of the multipart form, files as upload or []upload
	raw     []string // media types of a raw body the route also reads
	status  int      // of success; 200 when 0
	okToo   int      // another status of success with the same body (a dry run's 200)
	out     any      // the type of the JSON response; nil for none or media
	media   []string // the media types of a response that is not JSON
	errs    []int    // statuses of errors the route gives besides 401 and 403
}

// upload stands for a file in a multipart form, in the document only.
type upload struct{}

// endpoints is the route table of the API, in the order of the document.
func (a *API) endpoints() []endpoint {
	const (
		s422 = http.StatusUnprocessableEntity
		s404 = http.StatusNotFound
		s409 = http.StatusConflict
		s413 = http.StatusRequestEntityTooLarge
	)
	problemFilters := append([]param{
		qEnum("status", "当前状态，可重复或以逗号分隔", statusNames()...).repeated(),
		qEnum("track", "整改类型", "immediate", "deadline", "long_term"),
		qInt("unit_id", "只列该单位及其下级单位的问题"),
		qInt("inspection_id", "只列该巡察的问题"),
		qEnum("source", sourceDoc, sourceNames()...),
		qStr("owner_unit", "责任单位（完全一致）"),
		qStr("leader", "责任领导（完全一致）"),
		qBool("overdue", "true：只列逾期未完成的问题（长期整改以下一节点为准）"),
		qEnum("light", "预警灯，可重复或以逗号分隔；none 为已完成", "red", "yellow", "green", "blue", "none").repeated(),
		qDate("as_of", "判断逾期和预警灯的日期，默认今天；状态取当前状态"),
		qStr("q", "全文检索标题、描述、措施和整改情况，空格分隔的词须全部出现"),
		qEnum("sort", "排序：number 按巡察和序号（默认），due 按整改时限，status 按状态，updated 按最后修改时间", "number", "due", "status", "updated"),
		qEnum("order", "asc 升序（默认）或 desc 降序", "asc", "desc"),
		qStr("after", "翻页位置：上一次响应的 next，列出其后一页（深翻页用它，不用 offset）"),
		qStr("before", "翻页位置：上一次响应的 prev，列出其前一页"),
	}, pageParams()...)
	recordFilters := []param{
		qInt("inspection_id", "只列该巡察的记录"),
		qInt("unit_id", "只列该单位及其下级单位的记录"),
	}
	return []endpoint{
		{pattern: "GET /api/v1/openapi.json", perm: auth.Public, handler: a.openAPI,
			id: "getOpenAPI", tag: "meta", summary: "本接口的 OpenAPI 3.1 文档", out: openAPIDocument{}},
		{pattern: "GET /api/v1/me", perm: auth.Self, handler: a.me,
			id: "getMe", tag: "meta", summary: "当前用户：账号、角色、管辖范围和所持权限", out: meResponse{}},
		{pattern: "GET /api/v1/todo", perm: auth.Read, handler: a.toDo,
			id: "getToDo", tag: "meta", summary: "当前用户的待办：红灯黄灯问题、被退回的销号申请、待审核销号、待处理的群众意见、到期的回头看、未能送达的提醒",
			doc: "每类最多列 limit 项（0 只给各类总数，供显示待办数字），并给出该类总数。待审核销号、回头看和未能送达的提醒只列给审核人员和管理员；被退回的申请不列给审核人员。",
			query: []param{qInt("limit", "每类最多列几项，0 到 200，默认 20"),
				qEnum("source", sourceDoc+"；给出时红灯黄灯、被退回和待审核销号的问题只列该来源的", sourceNames()...)}, out: workflow.ToDo{}},

		{pattern: "GET /api/v1/units", perm: auth.Read, handler: a.listUnits,
			id: "listUnits", tag: "units", summary: "管辖范围内的单位树",
			doc: "按树的顺序列出：每个单位在其下级之前，depth 为在整棵树中的层级（根为 0）。",
			out: unitList{}},
		{pattern: "GET /api/v1/units/{unitID}", perm: auth.Read, handler: a.getUnit,
			id: "getUnit", tag: "units", summary: "一个单位", out: unitItem{}},
		{pattern: "POST /api/v1/units", perm: auth.Admin, handler: a.createUnit, unitField: "parent_id",
			id: "createUnit", tag: "units", summary: "新建单位",
			doc:  "parent_id 为上级单位，须在管辖范围内；0 为新建根单位，只有全部单位的管理员可以。",
			body: unitCreate{}, status: http.StatusCreated, out: unitItem{}, errs: []int{s422}},
		{pattern: "PUT /api/v1/units/{unitID}", perm: auth.Admin, handler: a.updateUnit, unitField: "parent_id",
			id: "updateUnit", tag: "units", summary: "修改单位名称和公开联系方式，或移到另一上级单位之下",
			doc:  "name 和 contact 整体替换；不给 parent_id 则不移动。version 须为读取时的版本。",
			body: unitUpdate{}, out: unitItem{}, errs: []int{s409, s422}},

		{pattern: "GET /api/v1/people", perm: auth.Read, handler: a.listPeople,
			id: "listPeople", tag: "units", summary: "人员名单：可选为责任领导、措施责任人的人员，按姓名拼音排序",
			doc:   "不给 unit_id 时列出管辖范围内各单位的名单；给出时列出该单位的问题可选的人员：该单位、其上级和下级单位的名单。proposed 为填报人提出、待管理员确认的新姓名。",
			query: []param{qInt("unit_id", "只列该单位的问题可选的人员")}, out: personList{}},
		{pattern: "GET /api/v1/people/{personID}", perm: auth.Read, handler: a.getPerson,
			id: "getPerson", tag: "units", summary: "名单中的一个人员", out: rectify.Person{}},
		{pattern: "POST /api/v1/people", perm: auth.Edit, handler: a.createPerson, unitField: "unit_id",
			id: "createPerson", tag: "units", summary: "向单位的人员名单添加人员（填报人添加的为待确认的新提议）",
			doc:  "管理员添加的直接进入名单，可关联账号；其他人添加的为新提议（proposed），不能关联账号，由管理员确认。同一单位名单中姓名不能重复。",
			body: personCreate{}, status: http.StatusCreated, out: rectify.Person{}, errs: []int{s422}},
		{pattern: "PUT /api/v1/people/{personID}", perm: auth.Admin, handler: a.updatePerson, unitField: "unit_id",
			id: "updatePerson", tag: "units", summary: "修改名单中的人员，或确认新提议",
			doc:  "整体替换；proposed 为 false 即确认。关联账号后，发给该人员的督办提醒送达该账号。version 须为读取时的版本。",
			body: personUpdate{}, out: rectify.Person{}, errs: []int{s409, s422}},
		{pattern: "DELETE /api/v1/people/{personID}", perm: auth.Admin, handler: a.deletePerson,
			id: "deletePerson", tag: "units", summary: "从名单中删除人员（已填写的问题不受影响）",
			status: http.StatusNoContent},

		{pattern: "GET /api/v1/units/{unitID}/settings", perm: auth.Read, handler: a.getSettings,
			id: "getUnitSettings", tag: "units", summary: "单位的设置：黄灯预警天数、回头看间隔、逾期升级督办天数",
			out: unitSettings{}},
		{pattern: "PUT /api/v1/units/{unitID}/settings", perm: auth.Admin, handler: a.putSettings,
			id: "putUnitSettings", tag: "units", summary: "设置单位及其下级单位的预警、回头看和督办参数",
			doc:  "整体替换该单位自己的设置：未给的项不再由该单位设置，沿用上级单位或默认值。",
			body: ownSettings{}, out: unitSettings{}, errs: []int{s422}},

		{pattern: "GET /api/v1/inspections", perm: auth.Read, handler: a.listInspections,
			id: "listInspections", tag: "inspections", summary: "管辖范围内的巡察（不含问题），反馈日期新的在前",
			query: []param{
				qInt("unit_id", "只列该单位及其下级单位的巡察"),
				qEnum("source", sourceDoc, sourceNames()...),
				qEnum("kind", "巡察类型", inspectionKindNames()...),
				qInt("round", "轮次"),
			},
			out: inspectionList{}, errs: []int{s422}},
		{pattern: "POST /api/v1/inspections/import", perm: auth.Import, handler: a.importNotice, upload: true,
			id: "importNotice", tag: "inspections", summary: "导入通报、巡察反馈意见或问题清单（txt、docx、doc、wps、PDF、扫描件、网页或 xlsx）",
			doc: "文件可作为 multipart 表单的 file 字段、JSON 的 text 字段或整个请求体上传；unit_id 为所属单位" +
				"（须有导入权限：填报人员、审核人员或管理员），只有全部单位的管理员可以不给，此时按文件中的单位名称查找或新建根单位。" +
				"kind 说明读到的是通报、反馈意见还是问题清单；反馈意见和问题清单只建立问题清单，不含整改结果。" +
				"dry_run=true 只读取和检查，返回解析结果、检查发现的问题和记录中已有的同一巡察（matches），不保存。" +
				"同一单位已有同一巡察组、同一反馈日期的巡察时，导入返回 409，不会另建一份；update=true 改为更新该巡察" +
				"（按编号和标题对应问题，保留已有问题的编号、进展和历史，补充新问题和措施，记录文件中的状态变化）。" +
				"into 把问题清单导入指定的已有巡察（如手工新建的巡察）。",
			query: []param{qInt("unit_id", "所属单位"), qBool("dry_run", "true：只预览，不保存"),
				qBool("update", "true：更新记录中已有的同一巡察，而不是拒绝"), qInt("into", "导入到这次已有的巡察")},
			body: importJSON{}, form: importForm{},
			raw:    []string{"text/plain", "text/html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"},
			status: http.StatusCreated, okToo: http.StatusOK, out: importResponse{}, errs: []int{s409, s413, s422}},
		{pattern: "POST /api/v1/inspections", perm: auth.Review, handler: a.createInspection, unitField: "unit_id",
			id: "createInspection", tag: "inspections", summary: "新建巡察（巡察办：管理员和审核人员），问题清单随后逐条添加",
			doc:  "被巡察单位须在管辖范围内；unit_name 不给则用单位名称。被巡察单位的填报人员不能新建巡察，也不能修改巡察的基本信息和问题清单。",
			body: inspectionCreate{}, status: http.StatusCreated, out: rectify.Inspection{}, errs: []int{s422}},
		{pattern: "GET /api/v1/inspections/{inspectionID}", perm: auth.Read, handler: a.getInspection,
			id: "getInspection", tag: "inspections", summary: "一次巡察及其反馈问题、具体问题、措施和状态历史",
			out: rectify.Inspection{}},
		{pattern: "PUT /api/v1/inspections/{inspectionID}", perm: auth.Edit, handler: a.updateInspection,
			id: "updateInspection", tag: "inspections", summary: "修改巡察和通报的基本信息，发布或撤回通报",
			doc:  "请求体中的字段整体替换原值（未给的字段清空）；问题和措施另有接口。version 须为读取时的版本。",
			body: inspectionUpdate{}, out: rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "PUT /api/v1/inspections/{inspectionID}/header", perm: auth.Review, handler: a.putInspectionHeader, unitField: "unit_id",
			id: "updateInspectionHeader", tag: "inspections", summary: "修改巡察的基本信息（巡察办）：被巡察单位、巡察组、类型、轮次、时间、反馈日期",
			doc:  "整体替换；改到另一单位时，新单位也须在管辖范围内。version 须为读取时的版本。",
			body: inspectionHeader{}, out: rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/inspections/{inspectionID}/findings", perm: auth.Review, handler: a.addFinding,
			id: "createFinding", tag: "inspections", summary: "在问题清单末尾添加反馈问题（巡察办）",
			doc:  "version 为巡察的版本；添加后巡察的版本加一，编号自动重排。",
			body: titleInput{}, status: http.StatusCreated, out: findingCreated{}, errs: []int{s404, s409, s422}},
		{pattern: "GET /api/v1/inspections/{inspectionID}/notice", perm: auth.Read, handler: a.noticeText,
			id: "getNotice", tag: "inspections", summary: "由记录生成的整改进展情况通报（纯文本或 Markdown）",
			query: []param{
				qEnum("format", "txt（默认）或 md", "txt", "md"),
				qDate("as_of", "通报的统计日期，默认记录中最新的状态日期"),
			},
			media: []string{"text/plain; charset=utf-8", "text/markdown; charset=utf-8"}, errs: []int{s422}},

		{pattern: "GET /api/v1/findings/{findingID}", perm: auth.Read, handler: a.getFinding,
			id: "getFinding", tag: "inspections", summary: "一个反馈问题及其具体问题", out: rectify.Finding{}},
		{pattern: "PATCH /api/v1/findings/{findingID}", perm: auth.Review, handler: a.renameFinding,
			id: "updateFinding", tag: "inspections", summary: "修改反馈问题的标题（巡察办）",
			doc:  "version 为巡察的版本；返回修改后的整个巡察。",
			body: titleInput{}, out: rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/findings/{findingID}/move", perm: auth.Review, handler: a.moveFinding,
			id: "moveFinding", tag: "inspections", summary: "反馈问题连同其具体问题上移或下移一位（巡察办），编号自动重排",
			body: moveInput{}, out: rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "DELETE /api/v1/findings/{findingID}", perm: auth.Review, handler: a.deleteFinding,
			id: "deleteFinding", tag: "inspections", summary: "删除没有具体问题的反馈问题（巡察办），编号自动重排",
			query: []param{qInt("version", "巡察的版本（必填）")},
			out:   rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/findings/{findingID}/problems", perm: auth.Review, handler: a.addProblem,
			id: "createProblem", tag: "inspections", summary: "在反馈问题末尾添加具体问题（巡察办），未开始，交办日期为反馈日期",
			doc:  "version 为巡察的版本；编号自动重排。整改措施另有接口。",
			body: problemCreate{}, status: http.StatusCreated, out: problemCreated{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/problems/{problemID}/move", perm: auth.Review, handler: a.moveProblem,
			id: "moveProblem", tag: "inspections", summary: "具体问题上移或下移一位（巡察办），编号自动重排",
			body: moveInput{}, out: rectify.Inspection{}, errs: []int{s409, s422}},
		{pattern: "DELETE /api/v1/problems/{problemID}", perm: auth.Review, handler: a.deleteProblem,
			id: "deleteProblem", tag: "inspections", summary: "删除误录的具体问题及其措施（巡察办），编号自动重排",
			doc:   "已填报整改情况、已提交销号、已销号或曾经销号的问题不能删除（409 transition）。",
			query: []param{qInt("version", "巡察的版本（必填）")},
			out:   rectify.Inspection{}, errs: []int{s409, s422}},

		{pattern: "GET /api/v1/problems", perm: auth.Read, handler: a.listProblems,
			id: "listProblems", tag: "problems", summary: "管辖范围内的具体问题：筛选、检索、排序、分页",
			query: problemFilters, out: problemList{}, errs: []int{s422}},
		{pattern: "GET /api/v1/problems/{problemID}", perm: auth.Read, handler: a.getProblem,
			id: "getProblem", tag: "problems", summary: "一个问题：措施、状态历史、整改情况、预警灯、销号条件和可变更的状态",
			out: workflow.SignOff{}},
		{pattern: "PATCH /api/v1/problems/{problemID}", perm: auth.Edit, handler: a.patchProblem,
			id: "updateProblem", tag: "problems", summary: "修改问题的字段（标题、描述、整改类型、责任领导、责任单位、整改时限等）",
			doc:  "只改给出的字段；状态另有接口。已提交销号或已销号的问题不能修改。version 须为读取时的版本。",
			body: problemPatch{}, out: rectify.Problem{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/problems/bulk", perm: auth.Edit, handler: a.bulkProblems,
			id: "bulkProblems", tag: "problems", summary: "批量修改问题：责任单位、责任领导、整改时限，或把未完成的措施标为完成",
			doc:  "problems 列出问题及读取时的 version。每个问题按单个修改的规则处理，全部成功或全部不保存：有问题不能修改（待销号或已销号、超出管辖范围、已被他人修改、日期不对）时返回 422，fields 中 problem.<问题ID> 说明每个问题的原因。",
			body: workflow.BulkInput{}, out: workflow.BulkResult{}, errs: []int{s422}},
		{pattern: "POST /api/v1/problems/{problemID}/status", perm: auth.Edit, handler: a.changeStatus,
			id: "changeStatus", tag: "problems", summary: "整改单位变更问题状态（开始整改、提交销号、长期整改等）",
			doc: "按整改流程检查：不允许的变更返回 409（code 为 transition）并说明原因；提交销号须所有措施已完成并有证明材料；" +
				"长期整改须填下一个节点日期。",
			body: statusInput{}, out: statusResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/problems/{problemID}/review", perm: auth.Review, handler: a.review,
			id: "reviewStatus", tag: "problems", summary: "审核方变更问题状态（销号通过、退回、认定为长期整改、因反弹重新打开）",
			body: statusInput{}, out: statusResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/problems/{problemID}/submit", perm: auth.Edit, handler: a.submit,
			id: "submitProblem", tag: "problems", summary: "提交销号", out: statusResult{}, errs: []int{s409}},
		{pattern: "POST /api/v1/problems/{problemID}/approve", perm: auth.Review, handler: a.approve,
			id: "approveProblem", tag: "problems", summary: "销号通过，并安排回头看", out: statusResult{}, errs: []int{s409}},
		{pattern: "POST /api/v1/problems/{problemID}/reject", perm: auth.Review, handler: a.reject,
			id: "rejectProblem", tag: "problems", summary: "退回销号申请（须填退回理由）",
			body: reasonInput{}, out: statusResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/problems/{problemID}/reopen", perm: auth.Review, handler: a.reopen,
			id: "reopenProblem", tag: "problems", summary: "已销号的问题发现反弹，重新打开（须填反弹情况）",
			body: reasonInput{}, out: statusResult{}, errs: []int{s409, s422}},
		{pattern: "GET /api/v1/problems/{problemID}/changes", perm: auth.Read, handler: a.listChanges,
			id: "listChanges", tag: "problems", summary: "问题的变更申请（单位修改标题、描述或已定的整改时限、类型，待审核）",
			out: changeList{}},
		{pattern: "POST /api/v1/problems/{problemID}/changes", perm: auth.Review, handler: a.decideChange,
			id: "decideChange", tag: "problems", summary: "同意或不同意一项待审核的变更申请",
			doc:  "同意后修改随即生效，作为巡察办的修改记入历史；不同意须写明理由。",
			body: changeDecision{}, out: changeList{}, errs: []int{s404, s409, s422}},
		{pattern: "GET /api/v1/problems/{problemID}/public", perm: auth.Read, handler: a.getPublic,
			id: "getPublic", tag: "problems", summary: "公开通报中显示的整改情况：选定的一条、公开表述或默认最新一条",
			out: publicResult{}},
		{pattern: "POST /api/v1/problems/{problemID}/public", perm: auth.Edit, handler: a.setPublic,
			id: "setPublic", tag: "problems", summary: "选定公开通报中显示的整改情况，或填写一句公开表述",
			doc: "progress_id 选定该问题的一条整改情况；text 为原样用于公开通报的一句话（公开表述），优先于所选的一条；" +
				"两者都不给时恢复默认，显示最新一条整改情况。数量和日期照原文，不作改写。",
			body: publicInput{}, out: publicResult{}, errs: []int{s422}},
		{pattern: "POST /api/v1/problems/{problemID}/milestone", perm: auth.Edit, handler: a.setMilestone,
			id: "setMilestone", tag: "problems", summary: "长期整改问题的下一个节点",
			body: milestoneInput{}, out: statusResult{}, errs: []int{s409, s422}},
		{pattern: "GET /api/v1/problems/{problemID}/history", perm: auth.Read, handler: a.problemHistory,
			id: "getProblemHistory", tag: "problems", summary: "问题的全部修改记录（审计日志）：谁、何时、改了什么",
			out: historyList{}},

		{pattern: "POST /api/v1/problems/{problemID}/measures", perm: auth.Edit, handler: a.createMeasure,
			id: "createMeasure", tag: "measures", summary: "新增整改措施（number 不给则排在最后）",
			body: measureInput{}, status: http.StatusCreated, out: rectify.Measure{}, errs: []int{s409, s422}},
		{pattern: "GET /api/v1/measures/{measureID}", perm: auth.Read, handler: a.getMeasure,
			id: "getMeasure", tag: "measures", summary: "一项整改措施", out: rectify.Measure{}},
		{pattern: "PATCH /api/v1/measures/{measureID}", perm: auth.Edit, handler: a.patchMeasure,
			id: "updateMeasure", tag: "measures", summary: "修改整改措施（只改给出的字段；完成另有接口）",
			body: measurePatch{}, out: rectify.Measure{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/measures/{measureID}/done", perm: auth.Edit, handler: a.measureDone,
			id: "markMeasureDone", tag: "measures", summary: "措施已完成（done 不给则为今天）",
			body: doneInput{}, out: rectify.Measure{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/measures/{measureID}/reopen", perm: auth.Edit, handler: a.reopenMeasure,
			id: "reopenMeasure", tag: "measures", summary: "措施改回未完成", out: rectify.Measure{}, errs: []int{s409}},
		{pattern: "DELETE /api/v1/measures/{measureID}", perm: auth.Edit, handler: a.deleteMeasure,
			id: "deleteMeasure", tag: "measures", summary: "删除整改措施（已提交销号或已销号的问题不能删）",
			status: http.StatusNoContent, errs: []int{s409}},

		{pattern: "GET /api/v1/problems/{problemID}/progress", perm: auth.Read, handler: a.listProgress,
			id: "listProgress", tag: "progress", summary: "问题的整改情况及证明材料（不含文件内容），以及疑似文字整改的提示",
			out: progressList{}},
		{pattern: "POST /api/v1/problems/{problemID}/progress", perm: auth.Edit, handler: a.addProgress, upload: true,
			id: "addProgress", tag: "progress", summary: "填报整改情况，附证明材料，可同时完成措施、变更状态",
			doc: "multipart 表单（files 可多个）或 JSON（无文件）。字段相同：status 不为空时在保存整改情况后变更状态，" +
				"所以本次上传的材料可用于提交销号。未开始的问题填报后自动改为整改中。",
			body: progressInput{}, form: progressForm{},
			status: http.StatusCreated, out: progressResult{}, errs: []int{s409, s413, s422}},
		{pattern: "POST /api/v1/quantities", perm: auth.Read, handler: a.extractQuantities,
			id: "extractQuantities", tag: "progress", summary: "从整改情况的文字中读出整改数字（追回资金、制度、问责人次等），不保存",
			doc:  "与填报表单预填的数字相同，供核对后随 addProgress 的 quantities 提交。",
			body: quantitiesInput{}, out: quantitiesResult{}, errs: []int{s422}},
		{pattern: "GET /api/v1/evidence/{evidenceID}", perm: auth.Read, handler: a.getEvidence,
			id: "getEvidence", tag: "progress", summary: "证明材料的信息：文件名、类型、大小、SHA-256", out: rectify.Evidence{}},
		{pattern: "GET /api/v1/evidence/{evidenceID}/content", perm: auth.Read, handler: a.evidenceContent,
			id: "getEvidenceContent", tag: "progress", summary: "证明材料的文件（作为附件下载）",
			media: []string{"application/octet-stream"}},

		{pattern: "GET /api/v1/stats", perm: auth.Read, handler: a.stats,
			id: "getStats", tag: "stats", summary: "统计指标：每次巡察、合计，以及每个单位（含下级单位）",
			doc: "给出 inspection_id 时只统计该巡察，units 为空。",
			query: []param{
				qDate("as_of", "统计日期，默认今天"),
				qInt("unit_id", "只统计该单位及其下级单位"),
				qInt("inspection_id", "只统计该巡察"),
			},
			out: statsResponse{}, errs: []int{s422}},

		{pattern: "GET /api/v1/ledger", perm: auth.Read, handler: a.ledgerExport,
			id: "exportLedger", tag: "stats", summary: "整改台账（.xlsx）：每项措施一行，含问题、状态、责任领导、责任单位、时限、预警灯、最新进展",
			query: []param{
				qInt("inspection_id", "只导出该巡察"),
				qInt("unit_id", "只导出该单位及其下级单位"),
				qDate("as_of", "预警灯的日期，默认今天"),
			},
			media: []string{xlsxType}, errs: []int{s422}},

		{pattern: "GET /api/v1/comments", perm: auth.Read, handler: a.listComments,
			id: "listComments", tag: "comments", summary: "管辖范围内的群众意见建议，新的在前",
			query: append([]param{
				qEnum("state", "办理状态，可重复或以逗号分隔", "new", "triaged", "assigned", "replied", "closed").repeated(),
				qInt("unit_id", "只列该单位及其下级单位收到的意见"),
			}, pageParams()...),
			out: commentList{}, errs: []int{s422}},
		{pattern: "GET /api/v1/comments/{commentID}", perm: auth.Read, handler: a.getComment,
			id: "getComment", tag: "comments", summary: "一条群众意见建议", out: rectify.PublicComment{}},
		{pattern: "POST /api/v1/comments/{commentID}/triage", perm: auth.Review, handler: a.triageComment,
			id: "triageComment", tag: "comments", summary: "分办：受理新意见，可归入一次巡察",
			body: triageInput{}, out: commentResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/comments/{commentID}/link", perm: auth.Review, handler: a.linkComment,
			id: "linkComment", tag: "comments", summary: "关联到所反映的问题；已销号的问题随之安排回头看",
			body: linkInput{}, out: commentResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/comments/{commentID}/assign", perm: auth.Review, handler: a.assignComment,
			id: "assignComment", tag: "comments", summary: "交办给承办单位或承办人",
			body: assignInput{}, out: commentResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/comments/{commentID}/reply", perm: auth.Edit, handler: a.replyComment,
			id: "replyComment", tag: "comments", summary: "答复（public 为 true 时在公开页面显示答复）",
			body: replyInput{}, out: commentResult{}, errs: []int{s409, s422}},
		{pattern: "POST /api/v1/comments/{commentID}/close", perm: auth.Review, handler: a.closeComment,
			id: "closeComment", tag: "comments", summary: "办结（未答复的须写明无需办理的理由）",
			body: closeInput{}, out: commentResult{}, errs: []int{s409, s422}},

		{pattern: "GET /api/v1/rechecks", perm: auth.Read, handler: a.listRechecks,
			id: "listRechecks", tag: "rechecks", summary: "管辖范围内的回头看",
			doc: "默认列出未记录结果的回头看，到期早的在前（due_by：到期日不晚于该日）；给出 done_since 时列出该日以来已记录结果的，" +
				"新的在前；给出 problem_id 时列出该问题的全部回头看。",
			query: []param{
				qInt("problem_id", "只列该问题的回头看（含已完成的）"),
				qInt("unit_id", "只列该单位及其下级单位的"),
				qDate("due_by", "未做的回头看中到期日不晚于该日的"),
				qDate("done_since", "该日以来已记录结果的"),
				qInt("limit", "最多条数"),
			},
			out: recheckList{}, errs: []int{s422}},
		{pattern: "POST /api/v1/rechecks/sample", perm: auth.Review, handler: a.sampleRechecks, unitField: "unit_id",
			id: "sampleRechecks", tag: "rechecks", summary: "随机抽取已销号的问题安排回头看（同一种子在同一记录上抽出相同的问题）",
			body: sampleInput{}, status: http.StatusCreated, okToo: http.StatusOK, out: sampleResult{}, errs: []int{s422}},
		{pattern: "POST /api/v1/rechecks/{recheckID}/result", perm: auth.Review, handler: a.recordRecheck,
			id: "recordRecheck", tag: "rechecks", summary: "记录回头看结果：passed 巩固，failed 反弹（问题随之重新打开）",
			body: recheckInput{}, out: rectify.Recheck{}, errs: []int{s409, s422}},

		{pattern: "GET /api/v1/rules", perm: auth.Read, handler: a.listRules,
			id: "listRules", tag: "records", summary: "建章立制：因整改新建或修订的制度",
			query: recordFilters, out: ruleList{}, errs: []int{s422}},
		{pattern: "POST /api/v1/rules", perm: auth.Edit, handler: a.createRule,
			id: "createRule", tag: "records", summary: "登记新建或修订的制度",
			body: ruleInput{}, status: http.StatusCreated, out: rectify.Rule{}, errs: []int{s404, s422}},
		{pattern: "GET /api/v1/rules/{ruleID}", perm: auth.Read, handler: a.getRule,
			id: "getRule", tag: "records", summary: "一项制度", out: rectify.Rule{}},
		{pattern: "GET /api/v1/accountability", perm: auth.Read, handler: a.listAccountability,
			id: "listAccountability", tag: "records", summary: "问责记录",
			query: recordFilters, out: accountabilityList{}, errs: []int{s422}},
		{pattern: "POST /api/v1/accountability", perm: auth.Review, handler: a.createAccountability,
			id: "createAccountability", tag: "records", summary: "登记问责（计入问责人次）",
			body: accountabilityInput{}, status: http.StatusCreated, out: rectify.Accountability{}, errs: []int{s404, s422}},
		{pattern: "GET /api/v1/accountability/{accountabilityID}", perm: auth.Read, handler: a.getAccountability,
			id: "getAccountability", tag: "records", summary: "一条问责记录", out: rectify.Accountability{}},
	}
}

// Routes returns the routes of the API for the server, which puts each
// behind authentication (a Bearer token or the session) and the policy.
func (a *API) Routes() []httpx.Route {
	eps := a.endpoints()
	out := make([]httpx.Route, 0, len(eps))
	for _, e := range eps {
		rt := httpx.Route{Pattern: e.pattern, Perm: e.perm, API: true, UnitField: e.unitField, Handler: withQuery(e.handler, e.query)}
		if e.upload {
			rt.MaxBody = a.MaxUpload
		}
		out = append(out, rt)
	}
	return out
}

// withQuery refuses the query parameters h does not take before h runs.
func withQuery(h httpx.HandlerFunc, params []param) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := checkQuery(r, params); err != nil {
			return err
		}
		return h(w, r)
	}
}

func statusNames() []string {
	out := make([]string, len(rectify.Statuses))
	for i, s := range rectify.Statuses {
		out[i] = string(s)
	}
	return out
}

func inspectionKindNames() []string {
	out := make([]string, len(rectify.InspectionKinds))
	for i, k := range rectify.InspectionKinds {
		out[i] = string(k)
	}
	return out
}

// sourceDoc explains the codes of the kinds of rectification.
const sourceDoc = "整改来源：xuncha 巡察，xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"

func sourceNames() []string {
	out := make([]string, len(rectify.Sources))
	for i, s := range rectify.Sources {
		out[i] = string(s)
	}
	return out
}
