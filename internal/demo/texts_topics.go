package demo

// The texts below are written for the demo: invented problems of invented
// units, in the register feedback and notices use. Templates hold
// placeholders in braces that expand per problem (see vars.expand): {unit}
// the unit's short name, {org} its Party organisation, {head} 局/校/院,
// {biz}/{biz2} a line of its business, {proj} a project of its sector,
// {appr} something it approves, {hazard} an emergency it plans for, {aid}
// a subsidy it pays (templates that need one of those are used only for
// units that have them, see usable), {fee} a fee it collects, {y} the year
// before the feedback, {y0} three
// years before, and numbers {n} {m} {m2} {rest} {k} {k2} {amt} {amt3}
// {amt2} {pct} {age} {big} drawn once per problem so that a description and
// the progress that answers it name the same figures.
//
// Measure texts hold no "；" or "。": a notice joins them with those.

// template is one kind of specific problem (具体问题): how a team writes it up,
// what a unit plans against it, what it later reports, and the rule
// (建章立制) it tends to lead to.
type template struct {
	key      string
	title    string
	desc     []string // alternatives: one is picked
	measures []string // two to four are picked, in this order
	progress []string // the last report of a problem that got somewhere
	rule     string   // the title of a rule this problem leads to, or ""
}

// topic is a kind of finding (反馈问题): its headings and its problems.
type topic struct {
	key      string
	findings []string
	tmpls    []template
}

// topics are the findings common to every unit; "duty" (履行职能) is filled
// from the unit's sector.
var topics = []topic{
	{
		key: "political",
		findings: []string{
			"贯彻落实党的路线方针政策和上级决策部署不够到位",
			"落实市委市政府重大决策部署有差距",
			"学习贯彻党的创新理论不够深入",
		},
		tmpls: []template{
			{
				key:   "political.study",
				title: "理论学习中心组学习走过场",
				desc: []string{
					"{y}年{org}理论学习中心组集中学习{k}次，其中{m2}次以传达文件代替专题研讨，个人发言材料内容雷同，学用结合不够紧密。",
					"中心组学习计划年年相似，{y}年安排的{k}个专题中有{m2}个未按计划开展，研讨发言多为表态，联系{biz}工作实际不够。",
				},
				measures: []string{
					"修订{org}理论学习中心组学习制度，明确每次学习确定专题、安排重点发言",
					"建立学习研讨台账，由机关党委每季度检查一次学习记录",
					"围绕{biz}开展专题调研，形成调研报告并推动成果转化",
					"将中心组学习情况纳入班子成员年度述职内容",
				},
				progress: []string{
					"已修订中心组学习制度，{org}召开专题学习研讨会{k}次，班子成员围绕{biz}交流发言，形成调研报告{m2}篇。",
				},
				rule: "{unit}理论学习中心组学习制度（修订）",
			},
			{
				key:   "political.deploy",
				title: "落实上级决策部署打折扣",
				desc: []string{
					"对上级部署的{biz}专项行动，{unit}制定实施方案滞后{k}个月，{m}项任务未明确责任科室和完成时限。",
					"贯彻落实{biz}工作要求停留在发文开会层面，{y}年确定的{n}项重点任务中有{m}项未按期完成。",
				},
				measures: []string{
					"对照上级部署逐项梳理{biz}任务清单，明确责任领导、责任科室和完成时限",
					"建立重点任务月调度、季通报制度",
					"对推进滞后的任务由分管领导督办，必要时约谈责任科室负责人",
				},
				progress: []string{
					"已梳理形成{biz}任务清单{n}项，实行月调度，滞后的{m}项任务已全部完成。",
				},
				rule: "{unit}重点工作督查督办办法",
			},
			{
				key:   "political.followup",
				title: "重点工作跟踪问效不够",
				desc: []string{
					"对{biz}等重点工作只部署不检查，{y}年督查发现的{n}个问题中{m}个未跟踪落实。",
				},
				measures: []string{
					"建立重点工作清单化管理和销号制度",
					"由办公室牵头每月开展一次督查，结果在局务会上通报",
					"将督查结果运用到科室和个人年度考核",
				},
				progress: []string{
					"已建立重点工作销号台账，{y}年遗留的{m}个问题已全部跟踪落实到位。",
				},
			},
		},
	},
	{
		key: "party",
		findings: []string{
			"落实全面从严治党主体责任不够有力",
			"管党治党责任压得不实",
			"落实“两个责任”有差距",
		},
		tmpls: []template{
			{
				key:   "party.list",
				title: "主体责任清单流于形式",
				desc: []string{
					"{org}制定的全面从严治党主体责任清单与上年度内容基本相同，未结合{biz}等重点工作细化，班子成员“一岗双责”落实不到位。",
					"班子成员履行“一岗双责”停留在签订责任书层面，{y}年仅{m2}名班子成员到分管科室开展过廉政谈话。",
				},
				measures: []string{
					"重新修订主体责任清单，细化班子成员责任事项",
					"班子成员每半年到分管科室开展一次廉政谈话",
					"每年对照责任清单开展一次述责述廉并当场评议",
				},
				progress: []string{
					"已重新修订主体责任清单，细化责任事项{n}项，班子成员到分管科室开展廉政谈话{big}人次。",
				},
			},
			{
				key:   "party.risk",
				title: "廉政风险防控不到位",
				desc: []string{
					"{biz}等重点岗位廉政风险点排查不全，{y}年排查的{n}个风险点中有{m}个未制定防控措施。",
					"对审批、执法、资金管理等关键岗位缺乏有效制约，廉政风险防控手册{k}年未更新。",
				},
				measures: []string{
					"全面排查各岗位廉政风险点，逐一制定防控措施",
					"修订廉政风险防控手册并印发全体干部职工",
					"对关键岗位实行定期轮岗和交叉检查",
				},
				progress: []string{
					"已重新排查廉政风险点{n}个，逐一制定防控措施，修订后的廉政风险防控手册已印发。",
				},
				rule: "{unit}廉政风险防控管理办法",
			},
			{
				key:   "party.subunits",
				title: "对下属单位监督管理薄弱",
				desc: []string{
					"对下属{k}个单位的财务和项目情况缺乏监督，近{k2}年未开展专项检查，下属单位违规问题时有发生。",
				},
				measures: []string{
					"制定下属单位年度监督检查计划，每年至少开展一次专项检查",
					"对下属单位财务收支开展内部审计",
					"建立下属单位重大事项报告制度",
				},
				progress: []string{
					"已完成对下属{k}个单位的专项检查和内部审计，发现的{n}个问题已全部整改。",
				},
				rule: "下属单位重大事项报告制度",
			},
			{
				key:   "party.warning",
				title: "警示教育针对性不强",
				desc: []string{
					"{y}年开展警示教育{k}次，均为观看通用警示片，未结合本系统发生的案例开展以案促改。",
				},
				measures: []string{
					"收集本系统近年违纪违法典型案例编印警示教育读本",
					"组织干部职工到廉政教育基地开展现场教育",
					"召开以案促改专题民主生活会",
				},
				progress: []string{
					"已编印本系统警示教育读本，组织{big}人次到廉政教育基地接受教育，召开以案促改专题民主生活会。",
				},
			},
		},
	},
	{
		key: "organization",
		findings: []string{
			"落实新时代党的组织路线不够到位",
			"选人用人工作不够规范",
			"基层党组织建设存在薄弱环节",
		},
		tmpls: []template{
			{
				key:   "org.promotion",
				title: "干部选拔任用程序不规范",
				desc: []string{
					"{y0}年以来提拔的{n}名科级干部中，{m}名动议环节缺少会议记录，{m2}名考察材料过于简单。",
					"抽查{y}年干部选拔任用纪实材料，{m}名干部民主推荐结果未按规定公开，个别干部任前公示期不足。",
				},
				measures: []string{
					"对{y0}年以来干部选拔任用工作开展全面自查",
					"补齐干部选拔任用纪实材料",
					"严格执行动议、推荐、考察、讨论决定、任职各环节规定",
					"组织人事干部开展干部工作业务培训",
				},
				progress: []string{
					"已完成{y0}年以来{n}名干部选拔任用情况自查，补齐纪实材料{m}份，组织人事干部业务培训{k}次。",
				},
				rule: "{unit}干部选拔任用工作规程",
			},
			{
				key:   "org.archives",
				title: "干部人事档案管理不规范",
				desc: []string{
					"抽查干部人事档案{n}卷，发现{m}卷“三龄两历一身份”认定依据不足，{m2}卷材料未及时归档。",
				},
				measures: []string{
					"对干部人事档案开展专项审核",
					"对认定依据不足的档案逐卷补充材料",
					"建立档案材料收集归档月报制度",
				},
				progress: []string{
					"已专项审核干部人事档案{n}卷，补充归档材料{big}份，认定依据不足的{m}卷已全部完善。",
				},
			},
			{
				key:   "org.meetings",
				title: "党支部“三会一课”制度落实不严格",
				desc: []string{
					"抽查{k}个党支部{y}年会议记录，部分支部党员大会未按季度召开，党课记录内容雷同，组织生活会批评意见辣味不足。",
					"机关党支部主题党日活动内容单一，{y}年有{m2}次以集中学习代替主题党日，支部委员会会议记录不全。",
				},
				measures: []string{
					"制定党支部年度组织生活计划，由机关党委逐月督导",
					"开展党支部书记专题培训",
					"对组织生活记录每季度检查一次并通报",
				},
				progress: []string{
					"已制定各支部年度组织生活计划，举办支部书记培训班{k2}期，季度检查通报{k}次。",
				},
				rule: "党支部组织生活督查办法",
			},
			{
				key:   "org.dues",
				title: "党费收缴管理不规范",
				desc: []string{
					"{m}名党员未按规定标准交纳党费，少交党费合计{amt2}元，党费收缴台账登记不全。",
				},
				measures: []string{
					"重新核定全体党员党费交纳基数",
					"督促少交党费的党员补交到位",
					"建立党费收缴公示制度",
				},
				progress: []string{
					"已重新核定党费交纳基数，{m}名党员补交党费{amt2}元，党费收缴情况每半年公示一次。",
				},
			},
			{
				key:   "org.members",
				title: "发展党员程序不严谨",
				desc: []string{
					"{y0}年以来发展的{n}名党员中，{m}名入党志愿书填写不规范，个别培养考察记录为事后补记。",
				},
				measures: []string{
					"对{y0}年以来发展党员材料逐一审核",
					"规范入党材料填写并建立发展党员全程纪实",
					"对补记材料的责任人进行批评教育",
				},
				progress: []string{
					"已逐一审核发展党员材料{n}份，完善{m}份，推行发展党员全程纪实。",
				},
			},
			{
				key:   "org.ageing",
				title: "干部队伍结构老化",
				desc: []string{
					"机关在编干部平均年龄{age}岁，{biz}等专业岗位缺少年轻干部，后备干部储备不足。",
				},
				measures: []string{
					"制定干部队伍建设规划",
					"通过公开招录、遴选补充专业人才",
					"建立优秀年轻干部储备库并实行动态管理",
				},
				progress: []string{
					"已制定干部队伍建设规划，公开招录专业技术人员{m}名，优秀年轻干部储备库入库{n}人。",
				},
			},
			{
				key:   "org.rotation",
				title: "干部交流轮岗制度执行不到位",
				desc: []string{
					"{m}名干部在财务、审批等关键岗位任职超过{k}年未轮岗，存在廉政风险。",
				},
				measures: []string{
					"摸排关键岗位干部任职年限",
					"制定交流轮岗计划分批实施",
					"对暂不具备轮岗条件的岗位实行强制休假和离岗审计",
				},
				progress: []string{
					"已完成{m}名关键岗位干部交流轮岗，其余岗位实行离岗审计。",
				},
				rule: "关键岗位干部交流轮岗办法",
			},
		},
	},
	{
		key: "style",
		findings: []string{
			"落实中央八项规定精神不够严格",
			"作风建设存在薄弱环节",
			"形式主义、官僚主义问题仍然存在",
		},
		tmpls: []template{
			{
				key:   "style.reception",
				title: "公务接待管理不规范",
				desc: []string{
					"抽查{y}年公务接待{n}批次，{m}批次无公函，{m2}批次陪餐人数超标准，接待清单填写不完整。",
					"{y}年公务接待费中有{amt2}元无接待清单，部分接待在非定点场所进行。",
				},
				measures: []string{
					"对{y}年以来公务接待费用逐笔清理",
					"建立公务接待审批单、公函、清单“三单合一”报销制度",
					"对违规接待的责任人进行批评教育并责令退赔",
				},
				progress: []string{
					"已逐笔清理公务接待费用，清退违规费用{amt2}元，严格执行“三单合一”报销。",
				},
				rule: "{unit}公务接待管理办法",
			},
			{
				key:   "style.cars",
				title: "公务用车管理不严",
				desc: []string{
					"公务用车使用登记不全，{y}年有{m}次出车无派车单，车辆维修保养未实行定点管理。",
				},
				measures: []string{
					"实行公务用车派车单和行车记录管理",
					"公务用车维修保养一律实行定点",
					"每季度公示公务用车使用情况",
				},
				progress: []string{
					"已安装公务用车定位系统，实行派车单管理，维修保养全部定点。",
				},
				rule: "公务用车使用管理规定",
			},
			{
				key:   "style.allowance",
				title: "违规发放津贴补贴",
				desc: []string{
					"{y}年以加班补助名义向干部职工发放补贴{amt}万元，发放依据不充分。",
				},
				measures: []string{
					"对{y0}年以来津贴补贴发放情况全面清查",
					"对违规发放的款项全部清退",
					"严格执行津贴补贴发放审批程序",
				},
				progress: []string{
					"已清退违规发放的补贴{amt}万元，津贴补贴发放实行集体研究和公示。",
				},
			},
			{
				key:   "style.training",
				title: "会议费培训费管理不严",
				desc: []string{
					"{y}年在外地举办培训班{k}期，部分培训班超天数、超标准列支费用{amt2}元。",
				},
				measures: []string{
					"严格执行会议费和培训费管理规定",
					"清退超标准列支的费用",
					"年度培训计划报党组（党委）审定后执行",
				},
				progress: []string{
					"已清退超标准列支费用{amt2}元，年度培训计划经集体审定后执行。",
				},
			},
			{
				key:   "style.meetings",
				title: "文山会海问题依然存在",
				desc: []string{
					"{y}年以{unit}名义印发文件{big}件，召开全系统会议{n}次，部分会议层层陪会，基层负担较重。",
				},
				measures: []string{
					"制定发文和会议年度计划实行总量控制",
					"能合并的会议合并召开，能视频召开的不集中召开",
					"每半年通报一次发文和会议情况",
				},
				progress: []string{
					"发文数量同比下降{pct}%，会议数量明显减少，全系统会议实行计划管理。",
				},
			},
			{
				key:   "style.research",
				title: "调查研究不深入",
				desc: []string{
					"班子成员到基层调研多为听汇报、看材料，{y}年形成的{n}篇调研报告中有{m}篇未提出具体对策。",
				},
				measures: []string{
					"制定班子成员年度调研计划，每人每年蹲点调研不少于一次",
					"调研报告须列明问题清单和对策建议",
					"对调研成果转化情况进行跟踪",
				},
				progress: []string{
					"班子成员已完成蹲点调研{k}次，形成问题清单{n}项，已推动解决{rest}项。",
				},
			},
			{
				key:   "style.apps",
				title: "“指尖上的形式主义”未根除",
				desc: []string{
					"下属单位反映需在{k}个工作群、{m2}个政务APP上重复报送同类材料，基层负担较重。",
				},
				measures: []string{
					"清理合并工作群和政务APP",
					"同类材料一次采集、多方使用",
					"不以留痕多少评价基层工作",
				},
				progress: []string{
					"已清理工作群{k}个、停用APP{m2}个，同类材料实行一次报送。",
				},
			},
		},
	},
	{
		key: "finance",
		findings: []string{
			"财务管理不够规范",
			"内部控制制度执行不严",
			"资金管理使用存在风险隐患",
		},
		tmpls: []template{
			{
				key:   "finance.payables",
				title: "往来款长期挂账未清理",
				desc: []string{
					"往来款挂账{amt}万元，其中3年以上的{amt3}万元，长期未清理核销。",
				},
				measures: []string{
					"对往来款逐笔核对、分类建立台账",
					"能收回的限期收回，确实无法收回的按程序核销",
					"建立往来款定期清理制度",
				},
				progress: []string{
					"已清理往来款{amt3}万元，剩余款项逐笔落实到责任人。",
				},
				rule: "往来款项管理办法",
			},
			{
				key:   "finance.assets",
				title: "固定资产管理混乱",
				desc: []string{
					"固定资产账实不符，盘点发现{m}台（件）设备无实物，{m2}项资产未入账。",
				},
				measures: []string{
					"开展固定资产全面清查盘点",
					"对账实不符的资产查明原因并按规定处理",
					"建立资产领用、调拨、处置登记制度",
				},
				progress: []string{
					"已完成固定资产全面盘点，补登资产{m2}项，{m}台（件）无实物设备已按程序报损。",
				},
				rule: "固定资产管理办法（修订）",
			},
			{
				key:   "finance.procurement",
				title: "政府采购程序不规范",
				desc: []string{
					"{y}年{m}项采购未按规定履行比选程序，存在化整为零规避集中采购的情况。",
				},
				measures: []string{
					"开展政府采购专项自查",
					"严格执行政府采购目录和限额标准",
					"采购事项一律经集体研究并全程留痕",
				},
				progress: []string{
					"已完成政府采购专项自查，重新梳理采购事项{n}项，采购全部纳入集体研究。",
				},
				rule: "政府采购内部控制制度",
			},
			{
				key:   "finance.special",
				title: "专项资金使用不规范",
				desc: []string{
					"{proj}专项资金{amt}万元未按规定用途使用，部分资金滞留{k}个月以上。",
				},
				measures: []string{
					"对专项资金使用情况开展专项审计",
					"违规使用的资金限期归垫",
					"加快资金拨付进度，建立专项资金绩效评价制度",
				},
				progress: []string{
					"已完成专项审计，违规使用资金已全部归垫，滞留资金{amt3}万元已拨付到位。",
				},
			},
			{
				key:   "finance.vouchers",
				title: "财务报销审核把关不严",
				desc: []string{
					"抽查{y}年记账凭证{n}份，{m}份报销单据不全，{m2}份无经办人签字。",
				},
				measures: []string{
					"对问题凭证逐份补齐手续",
					"修订财务报销管理办法",
					"财务人员参加业务培训",
				},
				progress: []string{
					"已补齐{m}份凭证手续，修订后的财务报销管理办法已执行。",
				},
				rule: "财务报销管理办法（修订）",
			},
			{
				key:   "finance.budget",
				title: "预算执行进度滞后",
				desc: []string{
					"{y}年预算执行率仅为{pct}%，{biz}等项目资金结转量大。",
				},
				measures: []string{
					"建立预算执行月通报制度",
					"对执行进度慢的项目约谈责任科室",
					"编制预算时充分论证项目成熟度",
				},
				progress: []string{
					"预算执行实行月通报，执行进度较上年同期明显提高。",
				},
			},
			{
				key:   "finance.fees",
				title: "非税收入未及时上缴",
				desc: []string{
					"{y}年收取的{fee}{amt2}元未及时缴入国库。",
				},
				measures: []string{
					"将滞留的非税收入全额缴入国库",
					"严格执行收支两条线规定",
				},
				progress: []string{
					"滞留的{fee}{amt2}元已全额缴入国库。",
				},
			},
		},
	},
	{
		key: "projects",
		findings: []string{
			"工程项目管理存在漏洞",
			"重点项目建设管理不规范",
		},
		tmpls: []template{
			{
				key:   "projects.permit",
				title: "{proj}未批先建",
				desc: []string{
					"{proj}在未取得施工许可的情况下开工建设，前期手续滞后{k}个月。",
				},
				measures: []string{
					"补办{proj}建设手续",
					"对项目前期工作责任人进行批评教育",
					"建立项目前期手续办理台账",
				},
				progress: []string{
					"{proj}已补办全部建设手续，项目前期手续实行台账管理。",
				},
			},
			{
				key:   "projects.variation",
				title: "工程变更签证管理不规范",
				desc: []string{
					"{proj}发生设计变更{m}次，变更金额{amt}万元，部分变更未经集体研究。",
				},
				measures: []string{
					"对{proj}变更事项逐项复核",
					"重大变更一律经集体研究",
					"委托第三方开展造价审核",
				},
				progress: []string{
					"已完成{proj}变更事项复核，核减变更金额{amt3}万元。",
				},
				rule: "工程项目变更管理办法",
			},
			{
				key:   "projects.overpay",
				title: "工程款超进度支付",
				desc: []string{
					"{proj}按合同应支付进度款{pct}%，实际已多支付{amt}万元，存在资金风险。",
				},
				measures: []string{
					"对超付工程款在后续支付中扣回",
					"严格按合同约定和实际进度支付",
				},
				progress: []string{
					"超付的{amt}万元工程款已在后续进度款中扣回。",
				},
			},
			{
				key:   "projects.acceptance",
				title: "项目竣工验收和决算滞后",
				desc: []string{
					"{y0}年以来完工的{n}个项目中，{m}个未按期组织竣工验收，{m2}个未办理竣工决算。",
				},
				measures: []string{
					"对未验收项目制定验收计划",
					"限期完成竣工决算",
					"将验收和决算进度纳入科室考核",
				},
				progress: []string{
					"已完成{m}个项目竣工验收，{m2}个项目竣工决算已报审。",
				},
			},
			{
				key:   "projects.bidding",
				title: "招投标监管不到位",
				desc: []string{
					"{proj}招标文件设置倾向性条款，{m2}家投标单位存在关联关系未被发现。",
				},
				measures: []string{
					"对{proj}招投标过程开展复查",
					"将问题线索移交有关部门",
					"招标文件一律经法律顾问审核",
				},
				progress: []string{
					"已完成招投标复查，问题线索已按规定移交。",
				},
			},
		},
	},
	{
		key: "ideology",
		findings: []string{
			"落实意识形态工作责任制不够到位",
			"意识形态阵地管理不严",
		},
		tmpls: []template{
			{
				key:   "ideology.judge",
				title: "意识形态工作研判不及时",
				desc: []string{
					"{org}{y}年仅专题研究意识形态工作{m2}次，未按要求每半年开展一次形势研判。",
				},
				measures: []string{
					"每半年专题研究一次意识形态工作",
					"建立意识形态风险研判台账",
					"将意识形态工作纳入班子成员述职内容",
				},
				progress: []string{
					"{org}已专题研究意识形态工作{k}次，建立风险研判台账。",
				},
				rule: "意识形态工作责任制实施细则",
			},
			{
				key:   "ideology.web",
				title: "网站和新媒体平台管理不规范",
				desc: []string{
					"单位门户网站{m}个栏目长期未更新，政务新媒体信息发布未落实“三审三校”制度。",
				},
				measures: []string{
					"清理长期未更新栏目",
					"严格执行“三审三校”制度",
					"明确网站和新媒体账号管理责任人",
				},
				progress: []string{
					"已关停{m}个栏目，政务新媒体发布全部执行“三审三校”。",
				},
				rule: "网站和政务新媒体管理办法",
			},
			{
				key:   "ideology.boards",
				title: "宣传阵地管理缺位",
				desc: []string{
					"宣传栏和电子显示屏内容更新不及时，未明确审核责任人。",
				},
				measures: []string{
					"明确宣传阵地审核责任人",
					"建立宣传内容更新和审核登记",
				},
				progress: []string{
					"宣传阵地已明确专人审核，内容按月更新。",
				},
			},
		},
	},
	{
		key: "safety",
		findings: []string{
			"安全生产责任落实不到位",
			"风险防范化解不够有力",
		},
		tmpls: []template{
			{
				key:   "safety.hazards",
				title: "安全隐患排查整改不闭环",
				desc: []string{
					"{y}年排查出的{n}处安全隐患中，{m}处未整改销号，整改台账记录不全。",
				},
				measures: []string{
					"对未销号隐患逐一明确整改责任人和时限",
					"建立隐患排查、整改、复查闭环管理",
					"每月通报隐患整改情况",
				},
				progress: []string{
					"{m}处未销号隐患已全部整改，复查合格。",
				},
				rule: "安全隐患排查治理闭环管理制度",
			},
			{
				key:   "safety.plans",
				title: "应急预案修订不及时",
				desc: []string{
					"{hazard}应急预案{k}年未修订，与实际情况不符，{y}年未组织实战演练。",
				},
				measures: []string{
					"修订{hazard}应急预案",
					"每年至少组织一次实战演练",
				},
				progress: []string{
					"{hazard}应急预案已修订印发，组织实战演练{k2}次。",
				},
			},
			{
				key:   "safety.certs",
				title: "安全生产培训不到位",
				desc: []string{
					"{m}名特种作业人员证件过期仍在岗，安全培训记录不完整。",
				},
				measures: []string{
					"证件过期人员立即停岗并参加复审",
					"建立特种作业人员持证台账",
				},
				progress: []string{
					"{m}名人员已完成复审换证，持证台账按月更新。",
				},
			},
		},
	},
	{
		key: "service",
		findings: []string{
			"服务群众不够主动",
			"群众急难愁盼问题解决不够到位",
		},
		tmpls: []template{
			{
				key:   "service.requests",
				title: "群众诉求办理不及时",
				desc: []string{
					"{y}年受理的{n}件群众诉求中，{m}件超期办结，{m2}件未回访。",
				},
				measures: []string{
					"建立群众诉求首问负责和限时办结制度",
					"对超期件逐件回访",
					"每月通报诉求办理情况",
				},
				progress: []string{
					"超期诉求已全部回访，群众满意率{pct}%以上。",
				},
				rule: "群众诉求首问负责制度",
			},
			{
				key:   "service.steps",
				title: "政务服务事项办理环节多",
				desc: []string{
					"{appr}事项需提交材料{k}0余份，办理时限长于承诺时限，群众多次跑腿。",
				},
				measures: []string{
					"精简{appr}办事材料",
					"推行一次告知、一窗受理",
					"公开办理时限接受监督",
				},
				progress: []string{
					"{appr}办事材料已精简{m}份，实行一窗受理。",
				},
			},
			{
				key:   "service.funds",
				title: "惠民资金发放不及时",
				desc: []string{
					"{aid}资金{amt}万元未在规定时间内发放到位，涉及群众{big}户。",
				},
				measures: []string{
					"限期将补助资金发放到位",
					"建立惠民资金发放公示制度",
				},
				progress: []string{
					"{aid}资金{amt}万元已全部发放到户。",
				},
			},
			{
				key:   "service.petitions",
				title: "信访积案化解不力",
				desc: []string{
					"{m}件信访积案超过{k2}年未化解，包案领导接访记录不全。",
				},
				measures: []string{
					"落实领导包案，逐案制定化解方案",
					"每月研究一次积案化解情况",
				},
				progress: []string{
					"{m}件信访积案已全部落实包案领导，化解{m2}件，其余积案化解方案已经当事人认可。",
				},
			},
		},
	},
	{
		key: "rectify",
		findings: []string{
			"巡察、审计等监督发现问题整改不到位",
			"上轮巡察反馈问题整改不彻底",
		},
		tmpls: []template{
			{
				key:   "rectify.lastround",
				title: "上轮巡察反馈问题整改不彻底",
				desc: []string{
					"上轮巡察反馈的{n}个问题中，{m}个整改不到位，部分问题反弹回潮。",
				},
				measures: []string{
					"对上轮巡察反馈问题逐项“回头看”",
					"未整改到位的问题重新明确时限",
					"对整改不力的责任人严肃问责",
				},
				progress: []string{
					"已对上轮反馈的{n}个问题逐项“回头看”，{m}个未到位问题已重新整改。",
				},
			},
			{
				key:   "rectify.audit",
				title: "审计发现问题整改不到位",
				desc: []string{
					"{y}年审计发现的{n}个问题中，{m}个未完成整改，涉及金额{amt}万元。",
				},
				measures: []string{
					"建立审计整改台账逐项销号",
					"对涉及资金的问题限期追回",
				},
				progress: []string{
					"审计发现未整改的{m}个问题已全部整改，追回资金{amt3}万元。",
				},
			},
			{
				key:   "rectify.mechanism",
				title: "整改长效机制不健全",
				desc: []string{
					"对巡察、审计反馈问题就事论事整改，未举一反三建立制度，同类问题重复发生。",
				},
				measures: []string{
					"梳理近年各类监督反馈问题，分析共性原因",
					"针对共性问题建立健全制度",
					"建立整改成效评估机制",
				},
				progress: []string{
					"已梳理共性问题{n}个，新建和修订制度{k}项。",
				},
				rule: "监督发现问题整改销号管理办法",
			},
		},
	},
}

// genericMeasures may follow a template's own measures.
var genericMeasures = []string{
	"举一反三开展自查自纠，建立长效机制",
	"将整改情况纳入科室和个人年度考核",
	"由纪检监察组全程跟踪监督整改落实情况",
	"定期开展整改“回头看”，防止问题反弹",
}

// earlyProgress are what a unit reports before the work is done.
var earlyProgress = []string{
	"已召开专题会议研究部署，制定整改方案，明确牵头科室和完成时限。",
	"牵头科室已完成前期摸底，建立问题台账{n}条，正在逐项推进。",
	"已完成阶段性任务，剩余事项正在推进，预计按期完成。",
	"分管领导带队到现场督导，协调解决推进中的困难，整改工作有序推进。",
	"已对照整改措施逐项对账，完成进度约{pct}%。",
}

// workParagraphs are the organisational work of a notice (组织整改落实情况).
var workParagraphs = [][]string{
	{
		"{org}坚决扛起巡察整改政治责任，第一时间召开专题会议，成立由主要负责同志任组长的整改工作领导小组，逐条制定整改措施，明确责任领导、责任科室和整改时限。",
		"收到巡察反馈意见后，{org}主要负责同志主持召开专题会议研究部署，认领问题、逐条分解，形成问题、任务、责任“三张清单”。",
	},
	{
		"坚持问题导向，实行周调度、月通报，对进度滞后的事项由分管领导督办，纪检监察组全程跟踪监督。",
		"建立整改台账，实行销号管理，整改一项、销号一项，做到不见成效不放过。",
	},
	{
		"坚持举一反三，把解决具体问题与建章立制结合起来，推动巡察整改成果转化为治理效能。",
		"坚持标本兼治，针对反馈问题深挖根源，从制度层面堵塞漏洞。",
	},
}

// nextSteps are the next steps of a notice (下一步整改工作安排).
var nextSteps = [][]string{
	{
		"持续巩固整改成果，对已完成整改的问题定期开展“回头看”，防止反弹回潮。",
		"对已销号问题开展抽查复核，发现反弹的立即重新整改。",
	},
	{
		"对长期整改事项明确阶段目标，压茬推进，确保按时序完成。",
		"对尚未完成的问题实行挂图作战，逐项跟踪，确保按期清仓见底。",
	},
	{
		"把巡察整改与{biz}等中心工作结合起来，以整改实效推动高质量发展。",
		"强化成果运用，把巡察整改作为改进作风、提升能力的契机，推动{biz}工作提质增效。",
	},
}
