package notice

// codeLabels names each warning code in Chinese, for people: previews show
// the label, never the code (which stays for tools and `rectify lint`).
var codeLabels = map[string]string{
	CodeMissingNumber:      "缺少编号",
	CodeNumberingGap:       "编号不连续",
	CodeNumberingRepeat:    "编号重复",
	CodeNoResult:           "缺少整改结果",
	CodeUnknownStatus:      "整改结果无法识别",
	CodeNoMeasures:         "缺少整改情况",
	CodeSummaryMismatch:    "汇总数与明细不符",
	CodeNoSummary:          "缺少汇总句",
	CodeSummaryAfterNotice: "统计日期晚于通报日期",
	CodeDuplicateProblem:   "问题重复",
	CodeFutureDeadline:     "时限晚于通报日期",
	CodeDatedBeforeFB:      "日期早于反馈",
	CodePeriodOrder:        "巡察日期顺序有误",
	CodeUnplacedText:       "未归类的文字",
	CodeMissingHeading:     "缺少标题",
	CodeRepeatedStatus:     "整改结果重复",
	CodeNoFinding:          "缺少反馈问题标题",
	CodeNoTitle:            "缺少标题",
	CodeNoDate:             "缺少落款日期",
	CodeNoIssuer:           "缺少发文单位",
	CodeMissingInfo:        "缺少巡察信息",
	CodeUnknownSection:     "无法识别的部分",
	CodeEmptyMeasure:       "空的整改措施",
	CodeEncoding:           "字符编码",
	CodeDamagedInput:       "文件损坏",
	CodeBadCell:            "单元格有误",
	CodeOCR:                "文字识别，请核对",
}

// CodeLabel returns the Chinese name of a warning code ("missing-number" →
// 缺少编号); "提示" for a code it does not know.
func CodeLabel(code string) string {
	if l, ok := codeLabels[code]; ok {
		return l
	}
	return "提示"
}
