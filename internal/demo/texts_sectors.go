package demo

// sector is the line of work of a unit: what it does, its projects, its
// departments (科室) and the problems of its own duty (履行职能).
type sector struct {
	businesses []string
	projects   []string
	depts      []string
	approvals  []string // what it licenses or approves, if anything
	hazards    []string // what its emergency plans are for
	aids       []string // the subsidies it pays out, if any
	fee        string
	duty       []template
}

// dutyFindings head the finding of a unit's own duty.
var dutyFindings = []string{
	"履行职能责任不够有力",
	"主责主业聚焦不够",
	"服务保障中心大局作用发挥不够充分",
}

// commonDuty are duty problems any sector can have, written around {biz}.
var commonDuty = []template{
	{
		key:   "duty.supervise",
		title: "{biz}监管不到位",
		desc: []string{
			"{y}年对{biz}开展监督检查{k}次，发现问题{n}个，仅整改销号{rest}个，监管存在“宽松软”现象。",
		},
		measures: []string{
			"制定{biz}年度监督检查计划",
			"对检查发现的问题建立台账逐一销号",
			"对屡查屡犯的对象依法从严处理",
		},
		progress: []string{
			"{biz}检查发现的问题已整改销号{n}个，对{m2}家屡查屡犯对象依法处理。",
		},
	},
	{
		key:   "duty.baseline",
		title: "{biz}底数不清",
		desc: []string{
			"{biz}基础台账不完整，{m}项数据与实际不符，影响研判决策。",
		},
		measures: []string{
			"开展{biz}基础数据全面核查",
			"建立{biz}动态更新台账",
		},
		progress: []string{
			"已完成{biz}基础数据核查，更正数据{m}项，台账实行动态更新。",
		},
	},
	{
		key:   "duty.slow",
		title: "{biz}工作推进迟缓",
		desc: []string{
			"{y}年确定的{biz}目标任务{n}项，年底仅完成{rest}项。",
		},
		measures: []string{
			"对未完成任务逐项分析原因，制定推进计划",
			"实行{biz}任务挂图作战，每月调度",
			"对推进不力的科室负责人进行约谈",
		},
		progress: []string{
			"{biz}未完成的{m}项任务已全部完成，剩余工作纳入挂图作战管理。",
		},
	},
	{
		key:   "duty.approval",
		title: "{appr}把关不严",
		desc: []string{
			"抽查{appr}办件{n}件，{m}件要件不全即予办理，{m2}件超时限办结。",
		},
		measures: []string{
			"对问题办件逐件复核",
			"编制审批要件清单并公开",
			"实行审批事项双人复核",
		},
		progress: []string{
			"问题办件已逐件复核纠正，{appr}要件清单已在政务服务平台公开。",
		},
		rule: "行政审批事项双人复核制度",
	},
}

// sectors by key.
var sectors = map[string]sector{
	"water": {
		businesses: []string{"河道采砂管理", "农村饮水安全", "水土保持监督", "防汛抗旱", "河湖长制", "水资源管理", "小型水库安全运行"},
		projects:   []string{"城区防洪堤加固工程", "中小河流治理工程", "灌区续建配套与节水改造项目", "农村供水保障工程", "病险水库除险加固工程"},
		depts:      []string{"办公室", "人事科", "财务审计科", "规划计划科", "建设管理科", "河湖管理科", "农村水利水电科", "水资源管理科", "安全监督科", "机关党委"},
		approvals:  []string{"取水许可", "河道采砂许可", "水土保持方案审批", "涉河建设项目审批"},
		hazards:    []string{"防汛抗旱", "山洪灾害防御", "水库安全度汛"},
		aids:       []string{"农村饮水安全工程维修养护补助", "小型水利工程管护补助"},
		fee:        "水资源费",
		duty: []template{
			{
				key:   "water.sand",
				title: "河道采砂监管存在漏洞",
				desc: []string{
					"{k}处采砂点未安装视频监控，{y}年查处非法采砂案件仅{m2}起，与群众举报数量差距较大。",
				},
				measures: []string{
					"对全市可采区逐一安装视频监控并接入监管平台",
					"联合公安、交通运输部门开展非法采砂专项整治",
					"建立采砂现场监管日志和举报线索台账，实行限时核查",
				},
				progress: []string{
					"已在{k}处采砂点安装视频监控并接入平台，联合执法查处非法采砂案件{m}起。",
				},
				rule: "河道采砂现场监管办法",
			},
			{
				key:   "water.supply",
				title: "农村供水工程管护不到位",
				desc: []string{
					"{m}处农村集中供水工程水质检测不达标，部分村组夏季季节性停水，群众反映强烈。",
				},
				measures: []string{
					"对全市农村集中供水工程开展水质全覆盖检测",
					"落实供水工程管护主体和管护经费",
					"建立停水预告和应急送水机制",
				},
				progress: []string{
					"已完成{n}处供水工程水质检测，{m}处不达标工程完成消毒设备改造，复检全部合格。",
				},
			},
			{
				key:   "water.flood",
				title: "防汛物资储备不足",
				desc: []string{
					"市级防汛物资仓库编织袋、救生衣等物资储备量仅为定额的{pct}%，部分物资超过保质期。",
				},
				measures: []string{
					"按定额补充采购防汛物资",
					"对超期物资报废处置并建立轮换机制",
					"每年汛前组织物资清点",
				},
				progress: []string{
					"已补充采购防汛物资{amt}万元，报废过期物资{m}批次并更新台账。",
				},
			},
			{
				key:   "water.chief",
				title: "河湖长制落实不到位",
				desc: []string{
					"部分镇级河长巡河次数不达标，{y}年有{m}名河长巡河记录为补记，“清四乱”问题销号不及时。",
				},
				measures: []string{
					"上线河长巡河电子打卡和通报功能",
					"对补记巡河记录的河长进行约谈提醒",
					"对“清四乱”问题实行清单化销号管理",
				},
				progress: []string{
					"巡河电子打卡已上线，约谈河长{m}名，“清四乱”问题{n}个已全部销号。",
				},
				rule: "河长巡河考核办法",
			},
		},
	},
	"education": {
		businesses: []string{"校外培训机构治理", "学校食堂管理", "教辅资料征订", "学生资助", "校舍安全", "中小学招生", "教师职称评审"},
		projects:   []string{"第二中学新校区建设工程", "薄弱学校改造项目", "校园安防提升工程", "中小学标准化食堂建设项目"},
		depts:      []string{"办公室", "人事科", "计划财务科", "基础教育科", "职业教育科", "学生资助管理中心", "安全稳定科", "机关党委"},
		approvals:  []string{"民办学校设立审批", "教师资格认定", "校外培训机构审批"},
		hazards:    []string{"校园安全", "学生食品安全", "校车安全"},
		aids:       []string{"学生资助", "农村义务教育学生营养改善计划补助"},
		fee:        "考试报名费",
		duty: []template{
			{
				key:   "edu.textbooks",
				title: "教辅资料征订不规范",
				desc: []string{
					"{m}所学校以“自愿”名义变相统一征订教辅资料，部分教辅资料价格偏高，家长意见较大。",
				},
				measures: []string{
					"对全市中小学教辅资料征订情况开展专项清查",
					"对违规征订的学校责令全额退费",
					"公布教辅资料征订监督电话接受家长监督",
				},
				progress: []string{
					"已完成全市{n}所学校专项清查，{m}所违规学校已全额退费，涉及金额{amt2}元。",
				},
				rule: "中小学教辅资料征订管理办法",
			},
			{
				key:   "edu.canteens",
				title: "学校食堂管理不规范",
				desc: []string{
					"{m}所学校食堂未落实校领导陪餐制度，食材采购验收记录不全，个别食堂存在过期食材。",
				},
				measures: []string{
					"全面落实校领导陪餐和家长代表参与膳食管理制度",
					"推行食材集中采购和入库验收双人签字",
					"联合市场监管部门开展食堂食品安全检查",
				},
				progress: []string{
					"全市{n}所学校已落实陪餐制度，食材验收实行双人签字，检查发现的{m}个问题已全部整改。",
				},
			},
			{
				key:   "edu.tutoring",
				title: "校外培训治理不彻底",
				desc: []string{
					"隐形变异培训查处不力，{y}年接到群众举报{n}件，查实{m}件仅作警告处理。",
				},
				measures: []string{
					"联合相关部门开展隐形变异培训专项治理",
					"对查实的违规培训依法从严处理",
					"畅通群众举报渠道并限时办结",
				},
				progress: []string{
					"专项治理期间查处隐形变异培训{m}起，举报件全部按时办结。",
				},
			},
			{
				key:   "edu.aid",
				title: "学生资助资金发放不精准",
				desc: []string{
					"{m}名已毕业学生仍在资助名单中，多发放资助资金{amt2}元。",
				},
				measures: []string{
					"对资助对象进行全面比对核查",
					"追回多发放的资助资金",
					"建立学籍系统与资助系统数据比对机制",
				},
				progress: []string{
					"已追回多发资助资金{amt2}元，每学期开展一次学籍与资助数据比对。",
				},
			},
		},
	},
	"health": {
		businesses: []string{"医保基金使用监管", "药品耗材集中采购", "医疗废物处置", "院感防控", "家庭医生签约服务", "基层医疗卫生服务", "基本公共卫生服务"},
		projects:   []string{"市传染病医院改扩建工程", "乡镇卫生院标准化建设项目", "急救中心能力提升项目"},
		depts:      []string{"办公室", "人事科", "规划财务科", "医政医管科", "基层卫生健康科", "疾病预防控制科", "综合监督科", "机关党委"},
		approvals:  []string{"医疗机构执业登记", "医师执业注册", "公共场所卫生许可"},
		hazards:    []string{"突发公共卫生事件", "医疗安全", "院感暴发"},
		aids:       []string{"基本公共卫生服务补助", "计划生育家庭特别扶助"},
		fee:        "体检收费",
		duty: []template{
			{
				key:   "health.insurance",
				title: "医保基金使用监管不严",
				desc: []string{
					"{m}家医疗机构存在串换项目、重复收费等问题，涉及医保基金{amt}万元。",
				},
				measures: []string{
					"联合医保部门开展定点医疗机构专项检查",
					"追回违规使用的医保基金",
					"将医保基金使用情况纳入医疗机构年度考核",
				},
				progress: []string{
					"已追回违规使用的医保基金{amt}万元，对{m}家医疗机构进行通报批评。",
				},
			},
			{
				key:   "health.waste",
				title: "医疗废物处置管理不规范",
				desc: []string{
					"抽查{n}家基层医疗机构，{m}家医疗废物暂存点不符合要求，交接登记不完整。",
				},
				measures: []string{
					"对基层医疗机构医疗废物暂存点逐一整改",
					"规范医疗废物交接登记",
					"开展医疗废物管理专项培训",
				},
				progress: []string{
					"{m}家机构暂存点已完成改造，医疗废物交接实行电子联单。",
				},
			},
			{
				key:   "health.doctors",
				title: "家庭医生签约服务质量不高",
				desc: []string{
					"家庭医生签约“签而不约”，抽查{n}户签约居民，{m}户未接受过随访服务。",
				},
				measures: []string{
					"开展签约服务质量专项督查",
					"落实重点人群定期随访",
					"将签约服务质量与绩效分配挂钩",
				},
				progress: []string{
					"已对签约居民开展补访，重点人群随访率明显提升。",
				},
			},
			{
				key:   "health.drugs",
				title: "药品耗材采购不规范",
				desc: []string{
					"{m}家公立医院存在线下采购药品耗材问题，采购金额{amt}万元。",
				},
				measures: []string{
					"药品耗材一律在省级平台采购",
					"对线下采购情况开展专项核查",
				},
				progress: []string{
					"药品耗材已全部纳入平台采购，线下采购问题已核查处理。",
				},
			},
		},
	},
	"transport": {
		businesses: []string{"公路养护管理", "超限超载治理", "道路运输市场监管", "农村公路建设", "交通运输综合执法", "出租汽车行业管理"},
		projects:   []string{"临江大桥维修加固工程", "国道改线工程", "农村公路提质改造项目", "客运站迁建工程"},
		depts:      []string{"办公室", "人事科", "财务审计科", "规划建设科", "运输管理科", "安全监督科", "政策法规科", "机关党委"},
		approvals:  []string{"道路运输经营许可", "超限运输许可", "公路占用挖掘许可"},
		hazards:    []string{"道路交通安全", "恶劣天气交通保障", "桥梁隧道安全"},
		aids:       []string{"农村客运补贴", "出租汽车油价补贴"},
		fee:        "车辆检测费",
		duty: []template{
			{
				key:   "transport.overload",
				title: "超限超载治理成效不明显",
				desc: []string{
					"{k}处超限检测站设备长期故障，{y}年查处超限车辆数量同比下降{m}%，源头治理不到位。",
				},
				measures: []string{
					"修复超限检测站设备并接入执法平台",
					"对重点货运源头企业开展驻点监管",
					"联合公安交警开展联合治超",
				},
				progress: []string{
					"{k}处检测站设备已修复联网，联合治超查处超限车辆{n}台次。",
				},
			},
			{
				key:   "transport.rural",
				title: "农村公路养护不到位",
				desc: []string{
					"抽查农村公路{n}公里，{m}公里存在坑槽、边沟堵塞等病害，养护经费未足额到位。",
				},
				measures: []string{
					"对病害路段限期修复",
					"足额落实农村公路养护经费",
					"推行农村公路路长制",
				},
				progress: []string{
					"{m}公里病害路段已修复，养护经费已足额拨付。",
				},
			},
			{
				key:   "transport.cases",
				title: "交通执法不规范",
				desc: []string{
					"抽查执法案卷{n}卷，{m}卷存在证据不足、文书不规范问题，个别案件罚没款未及时上缴。",
				},
				measures: []string{
					"对问题案卷逐卷评查整改",
					"开展执法人员业务培训",
					"罚没款一律当日上缴",
				},
				progress: []string{
					"问题案卷已逐卷整改，执法人员全员轮训一次。",
				},
				rule: "交通运输行政执法案卷评查办法",
			},
		},
	},
	"land": {
		businesses: []string{"耕地保护", "违法用地查处", "国土空间规划", "不动产登记", "矿产资源管理", "土地出让"},
		projects:   []string{"高标准农田土地整治项目", "城区控制性详细规划修编项目", "废弃矿山生态修复工程"},
		depts:      []string{"办公室", "人事科", "财务科", "耕地保护监督科", "国土空间规划科", "执法监察支队", "不动产登记科", "机关党委"},
		approvals:  []string{"建设用地审批", "建设工程规划许可", "采矿权审批"},
		hazards:    []string{"地质灾害防治", "矿山安全"},
		aids:       []string{"耕地保护补偿"},
		fee:        "不动产登记费",
		duty: []template{
			{
				key:   "land.farmland",
				title: "耕地“非农化”问题整治不到位",
				desc: []string{
					"卫片执法发现的{n}宗违法占用耕地问题中，{m}宗未整改到位，涉及耕地{k}0余亩。",
				},
				measures: []string{
					"对未整改的违法占用耕地逐宗制定整改方案",
					"依法拆除违法建筑并复耕",
					"建立耕地保护网格化巡查机制",
				},
				progress: []string{
					"{m}宗违法占用耕地已全部整改，复耕耕地{k}0余亩。",
				},
			},
			{
				key:   "land.illegal",
				title: "违法用地查处不及时",
				desc: []string{
					"{y}年发现的{n}宗违法用地中，{m}宗超过期限未立案查处。",
				},
				measures: []string{
					"对超期未查处案件限期立案",
					"建立违法用地动态巡查和快速处置机制",
				},
				progress: []string{
					"{m}宗超期案件已全部立案查处。",
				},
			},
			{
				key:   "land.premium",
				title: "土地出让金征收不到位",
				desc: []string{
					"{m}宗土地出让金未按合同约定时间收缴，欠缴{amt}万元。",
				},
				measures: []string{
					"对欠缴企业逐一催缴",
					"对拒不缴纳的依法解除合同或申请强制执行",
				},
				progress: []string{
					"已收缴欠缴出让金{amt3}万元，剩余款项已申请强制执行。",
				},
			},
		},
	},
	"construction": {
		businesses: []string{"建筑市场监管", "房地产市场整治", "老旧小区改造", "城镇燃气安全", "保障性住房管理", "物业服务管理"},
		projects:   []string{"老旧小区改造工程", "城区排水管网改造工程", "保障性租赁住房项目"},
		depts:      []string{"办公室", "人事科", "计划财务科", "建筑市场监管科", "房地产市场监管科", "城市建设科", "质量安全监督站", "机关党委"},
		approvals:  []string{"建筑工程施工许可", "商品房预售许可", "建筑企业资质审批"},
		hazards:    []string{"建筑施工安全", "城镇燃气安全", "城市内涝防治"},
		aids:       []string{"老旧小区改造补助", "公租房租赁补贴"},
		fee:        "房屋交易手续费",
		duty: []template{
			{
				key:   "construction.housing",
				title: "保障性住房分配管理不严",
				desc: []string{
					"{m}户不符合条件家庭仍在租住公租房，{k}0余套公租房长期空置。",
				},
				measures: []string{
					"对公租房承租户开展资格复核",
					"清退不符合条件的承租户",
					"盘活长期空置房源",
				},
				progress: []string{
					"已清退不符合条件承租户{m}户，空置房源已配租{m2}0余套。",
				},
			},
			{
				key:   "construction.gas",
				title: "城镇燃气安全监管不到位",
				desc: []string{
					"{m}家餐饮场所未安装燃气泄漏报警装置，{y}年燃气安全检查发现隐患的整改率仅{pct}%。",
				},
				measures: []string{
					"督促餐饮场所安装燃气泄漏报警装置",
					"对燃气安全隐患实行闭环整改",
				},
				progress: []string{
					"{m}家餐饮场所已安装报警装置，检查发现隐患全部整改。",
				},
			},
			{
				key:   "construction.titles",
				title: "房地产领域办证难问题化解慢",
				desc: []string{
					"{m}个楼盘办证难问题未化解，涉及购房户{big}户。",
				},
				measures: []string{
					"逐个楼盘制定化解方案",
					"实行“一楼一策”领导包案",
				},
				progress: []string{
					"已化解{m}个楼盘办证难问题，为{big}户群众办理不动产权证。",
				},
			},
		},
	},
	"agriculture": {
		businesses: []string{"高标准农田建设", "农业补贴发放", "农村人居环境整治", "动物疫病防控", "农产品质量安全", "农村集体“三资”管理"},
		projects:   []string{"高标准农田建设项目", "农村人居环境整治提升项目", "现代农业产业园项目"},
		depts:      []string{"办公室", "人事科", "计划财务科", "农田建设管理科", "种植业管理科", "畜牧兽医科", "农村经营管理科", "机关党委"},
		approvals:  []string{"农药经营许可", "种子生产经营许可", "动物防疫条件审查"},
		hazards:    []string{"重大动物疫情", "农业生产安全", "农机安全"},
		aids:       []string{"耕地地力保护补贴", "农机购置补贴"},
		fee:        "种子检验费",
		duty: []template{
			{
				key:   "agri.subsidy",
				title: "农业补贴发放把关不严",
				desc: []string{
					"{y}年耕地地力保护补贴发放中，{m}户存在重复申报、面积虚报问题，多发补贴{amt2}元。",
				},
				measures: []string{
					"对补贴发放数据开展全面比对",
					"追回多发放的补贴资金",
					"推行补贴面积村级公示和乡镇复核",
				},
				progress: []string{
					"已追回多发补贴{amt2}元，补贴面积实行村级公示。",
				},
			},
			{
				key:   "agri.fields",
				title: "高标准农田建设质量不高",
				desc: []string{
					"抽查{n}个高标准农田项目区，{m}个存在沟渠损毁、机耕路不通等问题。",
				},
				measures: []string{
					"督促施工单位限期修复",
					"落实建后管护主体和经费",
				},
				progress: []string{
					"{m}个项目区问题已修复，管护主体全部落实。",
				},
			},
			{
				key:   "agri.assets",
				title: "农村集体“三资”监管薄弱",
				desc: []string{
					"{m}个村集体资产未纳入平台管理，部分村级账务存在白条入账。",
				},
				measures: []string{
					"推动村集体资产全部纳入平台管理",
					"开展村级财务专项审计",
				},
				progress: []string{
					"{m}个村集体资产已纳入平台，村级财务专项审计已完成。",
				},
				rule: "农村集体“三资”管理监督办法",
			},
		},
	},
	"eco": {
		businesses: []string{"污染源监管", "建设项目环评审批", "饮用水水源地保护", "危险废物监管", "大气污染防治", "生态环境保护督察整改"},
		projects:   []string{"城区污水处理厂提标改造工程", "饮用水水源地保护工程"},
		depts:      []string{"办公室", "人事科", "财务科", "环评科", "水生态环境科", "大气环境科", "执法支队", "机关党委"},
		approvals:  []string{"建设项目环评审批", "排污许可", "危险废物经营许可"},
		hazards:    []string{"突发环境事件", "重污染天气"},
		aids:       []string{"大气污染防治补助"},
		fee:        "排污权交易收入",
		duty: []template{
			{
				key:   "eco.hazardous",
				title: "危险废物监管存在盲区",
				desc: []string{
					"{m}家产废单位危险废物管理台账不全，转移联单执行不规范。",
				},
				measures: []string{
					"对产废单位开展全覆盖检查",
					"推行危险废物电子转移联单",
				},
				progress: []string{
					"已检查产废单位{n}家，督促{m}家完善管理台账。",
				},
			},
			{
				key:   "eco.lenient",
				title: "环境执法“宽松软”",
				desc: []string{
					"{y}年查处环境违法案件{n}件，其中{m}件按最低标准处罚且未说明理由。",
				},
				measures: []string{
					"规范行政处罚自由裁量",
					"对问题案件开展评查",
				},
				progress: []string{
					"已完成问题案件评查，自由裁量基准已修订执行。",
				},
				rule: "生态环境行政处罚自由裁量基准（修订）",
			},
			{
				key:   "eco.inspection",
				title: "生态环境保护督察反馈问题整改滞后",
				desc: []string{
					"督察反馈的{n}个问题中，{m2}个问题整改进度滞后于方案时序。",
				},
				measures: []string{
					"对滞后问题逐个挂牌督办",
					"每月调度督察整改进度",
				},
				progress: []string{
					"滞后的{m2}个问题已全部挂牌督办，整改进度符合时序要求。",
				},
			},
		},
	},
	"market": {
		businesses: []string{"食品安全抽检", "特种设备安全监管", "价格监督检查", "市场主体登记", "计量器具检定", "药品零售监管"},
		projects:   []string{"食品快检实验室建设项目", "智慧市场监管平台项目"},
		depts:      []string{"办公室", "人事科", "财务科", "食品安全协调科", "特种设备安全监察科", "价格监督检查科", "登记注册科", "机关党委"},
		approvals:  []string{"食品经营许可", "特种设备使用登记", "工业产品生产许可"},
		hazards:    []string{"食品安全事故", "特种设备事故"},
		fee:        "检验检测收费",
		duty: []template{
			{
				key:   "market.sampling",
				title: "食品安全抽检覆盖面不足",
				desc: []string{
					"{y}年食品安全抽检批次仅完成计划的{pct}%，农村集贸市场抽检覆盖率偏低。",
				},
				measures: []string{
					"制定抽检计划并按月调度",
					"将农村集贸市场纳入重点抽检范围",
				},
				progress: []string{
					"抽检计划已全面完成，农村集贸市场实现抽检全覆盖。",
				},
			},
			{
				key:   "market.elevators",
				title: "特种设备安全监管不到位",
				desc: []string{
					"{m}台电梯超期未检仍在使用，{k}家单位特种设备作业人员无证上岗。",
				},
				measures: []string{
					"对超期未检电梯责令停用并限期检验",
					"对无证上岗单位依法处罚",
				},
				progress: []string{
					"{m}台电梯已完成检验，{k}家单位已依法处罚并整改。",
				},
			},
			{
				key:   "market.registry",
				title: "市场主体登记审核不严",
				desc: []string{
					"抽查登记档案{n}份，{m}份存在虚假地址注册问题。",
				},
				measures: []string{
					"对虚假地址注册的市场主体依法处理",
					"推行住所信息核验",
				},
				progress: []string{
					"{m}户虚假地址注册主体已列入经营异常名录。",
				},
			},
		},
	},
	"culture": {
		businesses: []string{"文物安全", "旅游市场秩序", "公共文化服务", "文化市场综合执法", "广播电视安全播出"},
		projects:   []string{"市博物馆陈列改造项目", "历史文化街区保护利用项目"},
		depts:      []string{"办公室", "人事科", "财务科", "文物科", "旅游市场管理科", "公共服务科", "综合执法支队", "机关党委"},
		approvals:  []string{"营业性演出审批", "娱乐场所经营许可", "网吧经营许可"},
		hazards:    []string{"文物火灾", "旅游安全", "大型活动安全"},
		aids:       []string{"非遗传承人传习补助"},
		fee:        "门票收入",
		duty: []template{
			{
				key:   "culture.relics",
				title: "文物安全管理存在隐患",
				desc: []string{
					"{m}处市级文物保护单位消防设施不完善，文物安全巡查记录不全。",
				},
				measures: []string{
					"为文物保护单位配齐消防设施",
					"落实文物安全巡查责任",
				},
				progress: []string{
					"{m}处文物保护单位已配齐消防设施，巡查实行电子打卡。",
				},
			},
			{
				key:   "culture.tours",
				title: "旅游市场整治不到位",
				desc: []string{
					"{y}年接到旅游投诉{n}件，{m}件涉及“不合理低价游”，处置不及时。",
				},
				measures: []string{
					"开展“不合理低价游”专项整治",
					"投诉件实行限时办结",
				},
				progress: []string{
					"专项整治查处违规旅行社{m2}家，投诉件全部限时办结。",
				},
			},
		},
	},
	"emergency": {
		businesses: []string{"安全生产执法", "危险化学品监管", "应急物资储备", "森林防灭火", "自然灾害救助"},
		projects:   []string{"应急指挥中心建设项目", "应急物资储备库建设项目"},
		depts:      []string{"办公室", "人事科", "财务科", "安全生产执法支队", "危险化学品安全监管科", "应急救援科", "防灾减灾科", "机关党委"},
		approvals:  []string{"危险化学品经营许可", "烟花爆竹经营许可"},
		hazards:    []string{"森林防灭火", "防汛抗旱", "危化品事故"},
		aids:       []string{"受灾群众生活救助"},
		fee:        "安全培训费",
		duty: []template{
			{
				key:   "emergency.checks",
				title: "安全生产执法检查不严",
				desc: []string{
					"{y}年执法检查企业{n}家次，{m}家次检查记录雷同，对重大隐患未跟踪复查。",
				},
				measures: []string{
					"推行执法检查全过程记录",
					"对重大隐患实行跟踪复查",
				},
				progress: []string{
					"执法检查已全过程记录，重大隐患全部复查销号。",
				},
			},
			{
				key:   "emergency.chemicals",
				title: "危化品企业监管不到位",
				desc: []string{
					"{m}家危化品企业重大危险源监测预警系统未正常运行。",
				},
				measures: []string{
					"督促企业修复监测预警系统",
					"将监测预警数据接入应急管理平台",
				},
				progress: []string{
					"{m}家企业监测预警系统已恢复运行并接入平台。",
				},
			},
			{
				key:   "emergency.drills",
				title: "应急演练流于形式",
				desc: []string{
					"{y}年组织的{k}次应急演练均为“脚本式”演练，未检验实战能力。",
				},
				measures: []string{
					"推行双盲演练",
					"演练后开展评估并修订预案",
				},
				progress: []string{
					"已组织双盲演练{k2}次，根据评估结果修订预案。",
				},
			},
		},
	},
	"school": {
		businesses: []string{"学生食堂管理", "教辅资料征订", "校服采购", "招生入学管理", "实验室安全管理", "学生住宿管理"},
		projects:   []string{"教学楼维修改造工程", "学生宿舍改造项目", "运动场改造工程"},
		depts:      []string{"校长办公室", "教务处", "政教处", "总务处", "财务室", "团委", "党委办公室"},
		hazards:    []string{"校园安全", "学生食品安全", "实验室安全"},
		fee:        "住宿费",
		duty: []template{
			{
				key:   "school.uniforms",
				title: "校服采购程序不规范",
				desc: []string{
					"{y}年校服采购未经家长委员会参与选定，采购价格高出同类产品{k}0%左右。",
				},
				measures: []string{
					"校服采购一律由家长委员会参与选定",
					"对高出部分与供应商协商退还",
				},
				progress: []string{
					"已与供应商协商退还差价{amt2}元，校服采购由家长委员会全程参与。",
				},
			},
			{
				key:   "school.labs",
				title: "实验室危化品管理不严",
				desc: []string{
					"实验室危化品未实行双人双锁管理，领用登记不全。",
				},
				measures: []string{
					"危化品实行双人双锁管理",
					"规范领用登记",
					"建设危化品专用储存室",
				},
				progress: []string{
					"危化品已实行双人双锁管理，领用登记完整。",
				},
			},
			{
				key:   "school.afterclass",
				title: "课后服务收费管理不规范",
				desc: []string{
					"课后服务费收取标准未公示，{y}年收取的{amt2}元未纳入学校财务统一管理。",
				},
				measures: []string{
					"公示课后服务收费标准",
					"课后服务费全部纳入学校财务统一管理",
				},
				progress: []string{
					"收费标准已公示，课后服务费已全部纳入财务统一核算。",
				},
			},
		},
	},
	"hospital": {
		businesses: []string{"医保基金使用", "药品耗材采购", "大型医用设备采购", "医德医风建设", "院感防控", "医疗服务价格执行"},
		projects:   []string{"门诊综合楼建设工程", "住院部改造工程", "医疗设备购置项目"},
		depts:      []string{"院办公室", "医务科", "护理部", "财务科", "设备科", "药剂科", "医保办", "党委办公室"},
		hazards:    []string{"医疗安全", "消防安全", "院感暴发"},
		fee:        "体检收费",
		duty: []template{
			{
				key:   "hospital.charges",
				title: "违规收费问题突出",
				desc: []string{
					"抽查出院病历{n}份，{m}份存在重复收费、超标准收费问题，涉及金额{amt2}元。",
				},
				measures: []string{
					"对违规收费逐笔清退",
					"开展收费项目专项自查",
					"将合理收费纳入科室绩效考核",
				},
				progress: []string{
					"已清退违规收费{amt2}元，收费项目专项自查已完成。",
				},
				rule: "医疗服务价格内部管理制度",
			},
			{
				key:   "hospital.devices",
				title: "大型设备采购论证不充分",
				desc: []string{
					"{y}年采购的{k}台大型医用设备未经充分论证，部分设备使用率低于{pct}%。",
				},
				measures: []string{
					"对大型设备使用情况开展评估",
					"建立大型设备采购论证和绩效评价制度",
				},
				progress: []string{
					"已完成大型设备使用评估，采购论证制度已执行。",
				},
			},
			{
				key:   "hospital.ethics",
				title: "医德医风问题时有发生",
				desc: []string{
					"{y}年收到患者投诉{n}件，涉及服务态度、收受“红包”等问题，处理不够及时。",
				},
				measures: []string{
					"开展医德医风专项整治",
					"投诉件实行限时办结和回访",
					"对查实问题严肃处理",
				},
				progress: []string{
					"专项整治期间查处问题{m2}起，投诉件全部限时办结。",
				},
			},
		},
	},
	"river": {
		businesses: []string{"河道巡查", "堤防维修养护", "采砂现场监管", "河道保洁"},
		projects:   []string{"堤防维修养护工程", "河道清淤疏浚工程"},
		depts:      []string{"办公室", "财务科", "工程管理科", "巡查执法科", "党支部"},
		approvals:  []string{"涉河建设项目审批", "河道采砂许可"},
		hazards:    []string{"防汛", "堤防安全"},
		fee:        "河道占用补偿费",
		duty: []template{
			{
				key:   "river.patrol",
				title: "河道巡查不到位",
				desc: []string{
					"{y}年河道巡查记录中有{m}次为事后补记，巡查发现的{n}处问题仅处理{rest}处。",
				},
				measures: []string{
					"巡查实行电子打卡和轨迹记录",
					"巡查发现问题建立台账限时处理",
				},
				progress: []string{
					"巡查已实行轨迹记录，遗留问题{m}处已全部处理。",
				},
			},
			{
				key:   "river.maintenance",
				title: "堤防维修养护项目管理不规范",
				desc: []string{
					"{y}年{k}个堤防维修养护项目未按规定公开招标，验收资料不全。",
				},
				measures: []string{
					"养护项目严格执行招标规定",
					"补齐验收资料",
				},
				progress: []string{
					"已补齐{k}个项目验收资料，养护项目全部公开招标。",
				},
			},
		},
	},
	"highway": {
		businesses: []string{"公路养护", "路政巡查", "养护工程招标", "桥梁安全检测"},
		projects:   []string{"国省道大中修工程", "危桥改造工程"},
		depts:      []string{"办公室", "财务科", "养护管理科", "路政管理科", "工程技术科", "党委办公室"},
		approvals:  []string{"公路占用挖掘许可", "超限运输许可"},
		hazards:    []string{"桥梁安全", "道路交通安全"},
		fee:        "路产损坏赔偿费",
		duty: []template{
			{
				key:   "highway.quality",
				title: "公路养护工程质量不高",
				desc: []string{
					"抽查{y}年实施的{k}个养护工程，{m2}个存在厚度不足、平整度不达标问题。",
				},
				measures: []string{
					"责令施工单位返工处理",
					"引入第三方检测",
				},
				progress: []string{
					"{m2}个工程已返工，第三方检测合格。",
				},
			},
			{
				key:   "highway.bridges",
				title: "桥梁定期检测不到位",
				desc: []string{
					"{m}座桥梁超过检测周期未检测，{k}座三类桥梁未及时维修。",
				},
				measures: []string{
					"对超期桥梁全部完成检测",
					"对三类桥梁制定维修计划",
				},
				progress: []string{
					"超期桥梁检测已全部完成，{k}座三类桥梁已维修加固。",
				},
			},
		},
	},
}
