package demo

import "github.com/rectify-dev/rectify"

// The texts of the kinds of rectification other than 巡察, written for the
// demo in their own registers: an audit's findings (审计发现问题) under the
// headings of an audit report, and the cases an environmental inspection
// hands over (督察交办件), each a complaint from the public. Placeholders
// as in texts_topics.go.

// kindTopics are the findings of audits and environmental inspections,
// found by topicByKey beside topics.
var kindTopics = []topic{
	{
		key:      "audit-budget",
		findings: []string{"预算管理方面", "预算执行方面"},
		tmpls: []template{
			{
				key:   "audit.overspend",
				title: "超范围列支{biz}专项经费",
				desc: []string{
					"{y}年在{biz}专项经费中列支办公楼维修、车辆运行等支出{amt}万元，改变了专项资金用途。",
					"{y}年{unit}从{biz}专项经费中列支日常公用经费{amt}万元，专项资金未做到专款专用。",
				},
				measures: []string{
					"调整会计账目，将超范围列支的{amt}万元归垫至原资金渠道",
					"修订专项经费支出管理办法，列明专项经费开支范围和审批权限",
					"由财务部门每季度对专项经费支出开展一次自查",
				},
				progress: []string{"已调整会计账目，将{amt}万元归垫至原资金渠道，修订专项经费支出管理办法1项。"},
				rule:     "{unit}专项经费支出管理办法",
			},
			{
				key:   "audit.carryover",
				title: "结转结余资金未及时清理上缴",
				desc: []string{
					"截至{y}年底，{unit}有{amt3}万元结转结余资金连续两年以上未使用，未按规定上缴财政。",
				},
				measures: []string{
					"全面清理{y0}年以来的结转结余资金，逐笔核实来源和用途",
					"按规定将长期沉淀的{amt3}万元缴入国库",
					"建立结转结余资金年度清理机制",
				},
				progress: []string{"已清理{y0}年以来的结转结余资金，将{amt3}万元缴入国库。"},
				rule:     "{unit}结转结余资金管理办法",
			},
			{
				key:   "audit.estimate",
				title: "部分项目预算编制不够精准",
				desc: []string{
					"{y}年{k}个项目预算执行率低于{pct}%，其中{biz}项目年中调减预算{amt}万元，预算约束不强。",
				},
				measures: []string{
					"建立项目预算事前评估制度，未经评估的项目不列入预算",
					"对执行率偏低的项目实行预算调减并在局内通报",
					"每月分析预算执行进度，按季度向党组报告",
				},
				progress: []string{"已建立项目预算事前评估制度，对{k}个执行率偏低的项目进行了通报和调减。"},
				rule:     "{unit}项目预算事前评估办法",
			},
		},
	},
	{
		key:      "audit-funds",
		findings: []string{"专项资金管理使用方面", "资金使用绩效方面"},
		tmpls: []template{
			{
				key:   "audit.late-funds",
				title: "{biz}补助资金拨付不及时",
				desc: []string{
					"{y}年下达的{biz}补助资金{amt}万元，在{unit}滞留{k}个月以上未拨付到项目单位。",
				},
				measures: []string{
					"会同财政部门逐项核定补助对象和金额",
					"限期将滞留的补助资金拨付到项目单位",
					"建立补助资金拨付进度月报制度",
				},
				progress: []string{"滞留的{amt}万元补助资金已全部拨付到项目单位，拨付进度按月报送。"},
			},
			{
				key:   "audit.overpaid",
				title: "工程结算审核把关不严",
				desc: []string{
					"{proj}结算中多计工程量、重复计取费用，多支付工程款{amt3}万元。",
				},
				measures: []string{
					"委托第三方机构对{proj}结算重新审核",
					"向施工单位追回多支付的工程款",
					"修订工程结算审核办法，实行结算二次复核",
				},
				progress: []string{"经重新审核，已向施工单位追回多支付工程款{amt3}万元，修订工程结算审核办法1项。"},
				rule:     "{unit}工程结算审核办法",
			},
			{
				key:   "audit.targets",
				title: "专项资金绩效目标设定不合理",
				desc: []string{
					"{k}个专项资金项目未设定可量化的绩效目标，绩效自评结果与实际完成情况不符。",
				},
				measures: []string{
					"逐项补充完善可量化、可考核的绩效目标",
					"对已完成的绩效自评开展复核",
					"将绩效评价结果与下年度预算安排挂钩",
				},
				progress: []string{"已为{k}个项目补充量化绩效目标，完成绩效自评复核，评价结果已用于下年度预算安排。"},
			},
		},
	},
	{
		key:      "audit-assets",
		findings: []string{"国有资产管理方面"},
		tmpls: []template{
			{
				key:   "audit.idle",
				title: "部分国有房产闲置未盘活",
				desc: []string{
					"{unit}所属{k}处房产闲置{k2}年以上，账面价值{amt}万元，未按规定报批处置或出租。",
				},
				measures: []string{
					"对闲置房产逐处登记造册，查明闲置原因",
					"按程序报批后公开招租或调剂使用",
					"建立国有资产年度清查盘点制度",
				},
				progress: []string{"{k}处闲置房产已全部登记造册，按程序公开招租后收取的租金已缴入国库。"},
			},
			{
				key:   "audit.ledger",
				title: "固定资产账实不符",
				desc: []string{
					"抽查发现{m}项固定资产有账无物，{m2}项有物无账，资产管理信息系统数据未及时更新。",
				},
				measures: []string{
					"开展固定资产全面清查盘点",
					"对有账无物的资产查明原因后按程序核销",
					"完善资产管理信息系统，实行资产条码管理",
				},
				progress: []string{"已完成固定资产全面清查，核销资产{m}项、补登{m2}项，对资产管理责任人诫勉谈话2人。"},
			},
		},
	},
	{
		key:      "env-first",
		findings: []string{"第一批交办件"},
		tmpls: []template{
			{
				key:   "env.noise",
				title: "城东片区建材加工厂夜间噪声扰民",
				desc: []string{
					"群众反映该厂晚上十点后仍在切割石材，噪声影响周边居民休息。",
				},
				measures: []string{
					"现场核查噪声排放情况",
					"责令企业调整生产时间并加装隔声设施",
					"将该片区纳入夜间噪声常态化巡查",
				},
				progress: []string{"经现场核查情况属实，已责令企业停止夜间生产，加装隔声设施{k}处，夜间噪声监测达标。"},
			},
			{
				key:   "env.manure",
				title: "江北片区养殖场粪污直排沟渠",
				desc: []string{
					"群众反映养殖场雨天将粪污排入附近沟渠，水体发黑发臭。",
				},
				measures: []string{
					"现场核查并监测沟渠水质",
					"督促养殖场建设粪污贮存设施并配套还田",
					"对违法排放行为依法立案查处",
				},
				progress: []string{"经核查情况属实，已依法立案查处，督促养殖场建成粪污贮存池{k2}座，沟渠水质已恢复。"},
			},
			{
				key:   "env.dust",
				title: "高新区渣土车沿路撒漏扬尘",
				desc: []string{
					"群众反映渣土运输车辆未密闭，沿路撒漏，晴天扬尘严重。",
				},
				measures: []string{
					"联合交警、城管部门开展渣土运输专项整治",
					"对未密闭运输的车辆依法处罚",
					"督促工地出口安装车辆冲洗设施",
				},
				progress: []string{"开展联合执法{k}次，查处违规渣土车{m}辆，{m2}个工地出口已安装冲洗设施。"},
			},
		},
	},
	{
		key:      "env-second",
		findings: []string{"第二批交办件"},
		tmpls: []template{
			{
				key:   "env.odor",
				title: "城西污水处理厂异味扰民",
				desc: []string{
					"周边居民反映污水处理厂夏季异味明显，开窗即可闻到。",
				},
				measures: []string{
					"开展厂界臭气浓度监测",
					"对污泥脱水车间实施密闭改造并加装除臭设备",
					"建立异味投诉快速响应机制",
				},
				progress: []string{"已完成污泥脱水车间密闭改造，加装除臭设备{k2}套，厂界臭气浓度监测达标。"},
			},
			{
				key:   "env.rubble",
				title: "青山县河滩非法倾倒建筑垃圾",
				desc: []string{
					"群众反映有人在河滩倾倒建筑垃圾，占用河道行洪断面。",
				},
				measures: []string{
					"组织清运河滩建筑垃圾",
					"追查倾倒来源并依法处罚",
					"在河滩入口设置视频监控和警示牌",
				},
				progress: []string{"已清运建筑垃圾{big}吨，对倾倒单位依法处罚，河滩入口已设置视频监控。"},
			},
			{
				key:   "env.boiler",
				title: "白沙县镇区燃煤锅炉冒黑烟",
				desc: []string{
					"群众反映镇区仍有燃煤锅炉在用，冬季冒黑烟。",
				},
				measures: []string{
					"对镇区燃煤锅炉逐台排查登记",
					"限期完成燃煤锅炉淘汰或清洁能源改造",
				},
				progress: []string{"排查燃煤锅炉{k}台，已全部完成清洁能源改造。"},
			},
		},
	},
}

// sourceTopics are the topics of the findings of each kind of
// rectification that has texts of its own; the others (巡视, 督查 …) are
// written from topics.
var sourceTopics = map[rectify.Source][]string{
	rectify.SourceAudit:       {"audit-budget", "audit-funds", "audit-assets"},
	rectify.SourceEnvironment: {"env-first", "env-second"},
}

// kindTexts are the organisational work and next steps of the notices of
// the kinds with texts of their own, in the groups of workParagraphs and
// nextSteps.
var kindTexts = map[rectify.Source]struct{ work, next [][]string }{
	rectify.SourceAudit: {
		work: [][]string{
			{"{org}把审计整改作为重要政治任务，主要负责同志主持召开专题会议，对审计发现问题逐项研究整改措施。",
				"收到审计报告后，{org}第一时间成立审计整改工作专班，逐项明确责任领导、责任科室和整改时限。"},
			{"建立审计发现问题整改台账，实行清单化管理、销号式推进，整改一项、销号一项。"},
			{"坚持举一反三，把审计整改与建章立制结合起来，从制度层面堵塞资金管理漏洞。"},
		},
		next: [][]string{
			{"对已完成整改的问题开展“回头看”，防止问题反弹。"},
			{"对尚未完成的问题明确阶段目标，按月调度，确保按期整改到位。"},
			{"加强财务和资产管理，自觉接受审计监督，推动{biz}资金规范高效使用。"},
		},
	},
	rectify.SourceEnvironment: {
		work: [][]string{
			{"收到督察组交办的群众信访件后，市委、市政府成立交办件办理工作专班，逐件明确责任领导、责任单位和办结时限。"},
			{"坚持边督边改、立行立改，对交办件实行“一件一档”，办结一件、公示一件。"},
			{"坚持举一反三，对同类问题开展全面排查，防止问题反弹回潮。"},
		},
		next: [][]string{
			{"对已办结的交办件开展回访和抽查复核，防止问题反弹。"},
			{"对正在办理的交办件加强调度，确保按时办结。"},
			{"以督察整改为契机，持续改善生态环境质量。"},
		},
	},
}
