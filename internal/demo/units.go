package demo

import (
	"fmt"

	"github.com/rectify-dev/rectify"
)

// The unit tree of the demo is invented: 临江市 is no real place, and its
// phone numbers use the area code 0000, which no Chinese number has.

// unitSpec describes an invented unit of the demo city.
type unitSpec struct {
	name     string // 临江市水利局
	short    string // 市水利局
	org      string // its Party organisation: 中共临江市水利局党组
	orgShort string // 局党组
	chief    string // the title of its head: 党组书记、局长
	deputy   string // the title of a deputy: 副局长
	sector   string // key of sectors
	parent   string // the name of its parent; "" for the root
	mail     string // local part of its public mailbox
	street   string // where it sits
}

// Unit names the Summary refers to.
const (
	cityName    = "临江市"
	officeName  = "临江市委巡察办"
	bureauName  = "临江市水利局"
	bureauChild = "临江市河道管理处"
)

func bureau(name, short, org, orgShort, head, sector, mail, street string) unitSpec {
	return unitSpec{name: name, short: short, org: org, orgShort: orgShort, chief: "党组书记、" + head,
		deputy: "副" + head, sector: sector, parent: cityName, mail: mail, street: street}
}

// unitSpecs is the tree, each unit after its parent.
var unitSpecs = []unitSpec{
	{name: cityName, short: "临江市", org: "中共临江市委员会", orgShort: "市委", chief: "市委书记", deputy: "市委副书记",
		mail: "xcb", street: "临江市人民路1号市委大院"},
	{name: officeName, short: "市委巡察办", org: "中共临江市委巡察工作领导小组办公室", orgShort: "市委巡察办", chief: "主任", deputy: "副主任",
		parent: cityName, mail: "xcb", street: "临江市人民路1号市委大院3号楼"},
	bureau(bureauName, "市水利局", "中共临江市水利局党组", "局党组", "局长", "water", "slj", "临江市滨江大道188号"),
	bureau("临江市教育局", "市教育局", "中共临江市教育局党组", "局党组", "局长", "education", "jyj", "临江市学府路66号"),
	bureau("临江市卫生健康委员会", "市卫生健康委", "中共临江市卫生健康委员会党组", "委党组", "主任", "health", "wjw", "临江市健康路12号"),
	bureau("临江市交通运输局", "市交通运输局", "中共临江市交通运输局党组", "局党组", "局长", "transport", "jtj", "临江市迎宾大道300号"),
	bureau("临江市自然资源和规划局", "市自然资源和规划局", "中共临江市自然资源和规划局党组", "局党组", "局长", "land", "zrzy", "临江市新华路88号"),
	bureau("临江市住房和城乡建设局", "市住房和城乡建设局", "中共临江市住房和城乡建设局党组", "局党组", "局长", "construction", "zjj", "临江市建设路20号"),
	bureau("临江市农业农村局", "市农业农村局", "中共临江市农业农村局党组", "局党组", "局长", "agriculture", "nyj", "临江市丰收路9号"),
	bureau("临江市生态环境局", "市生态环境局", "中共临江市生态环境局党组", "局党组", "局长", "eco", "sthj", "临江市望江路51号"),
	bureau("临江市市场监督管理局", "市市场监管局", "中共临江市市场监督管理局党组", "局党组", "局长", "market", "scjg", "临江市解放路135号"),
	bureau("临江市文化旅游广电局", "市文化旅游广电局", "中共临江市文化旅游广电局党组", "局党组", "局长", "culture", "wlgd", "临江市文昌路2号"),
	bureau("临江市应急管理局", "市应急管理局", "中共临江市应急管理局党组", "局党组", "局长", "emergency", "yjj", "临江市江北大道76号"),

	{name: bureauChild, short: "市河道管理处", org: "中共临江市河道管理处总支部委员会", orgShort: "处党总支", chief: "党总支书记、处长", deputy: "副处长",
		sector: "river", parent: bureauName, mail: "hdc", street: "临江市滨江大道190号"},
	{name: "临江市水文水资源中心", short: "市水文水资源中心", org: "中共临江市水文水资源中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "river", parent: bureauName, mail: "swzx", street: "临江市沿江路3号"},
	{name: "临江市农村供水服务中心", short: "市农村供水服务中心", org: "中共临江市农村供水服务中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "water", parent: bureauName, mail: "gszx", street: "临江市滨江大道188号附楼"},
	{name: "临江市第一中学", short: "市一中", org: "中共临江市第一中学委员会", orgShort: "学校党委", chief: "党委书记", deputy: "副校长",
		sector: "school", parent: "临江市教育局", mail: "yz", street: "临江市学府路1号"},
	{name: "临江市实验小学", short: "市实验小学", org: "中共临江市实验小学支部委员会", orgShort: "学校党支部", chief: "党支部书记、校长", deputy: "副校长",
		sector: "school", parent: "临江市教育局", mail: "syxx", street: "临江市文昌路18号"},
	{name: "临江市教育考试中心", short: "市教育考试中心", org: "中共临江市教育考试中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "education", parent: "临江市教育局", mail: "kszx", street: "临江市学府路66号附楼"},
	{name: "临江市人民医院", short: "市人民医院", org: "中共临江市人民医院委员会", orgShort: "医院党委", chief: "党委书记", deputy: "副院长",
		sector: "hospital", parent: "临江市卫生健康委员会", mail: "rmyy", street: "临江市健康路1号"},
	{name: "临江市中医医院", short: "市中医医院", org: "中共临江市中医医院委员会", orgShort: "医院党委", chief: "党委书记", deputy: "副院长",
		sector: "hospital", parent: "临江市卫生健康委员会", mail: "zyyy", street: "临江市新华路200号"},
	{name: "临江市疾病预防控制中心", short: "市疾控中心", org: "中共临江市疾病预防控制中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "health", parent: "临江市卫生健康委员会", mail: "cdc", street: "临江市健康路30号"},
	{name: "临江市公路事业发展中心", short: "市公路中心", org: "中共临江市公路事业发展中心委员会", orgShort: "中心党委", chief: "党委书记、主任", deputy: "副主任",
		sector: "highway", parent: "临江市交通运输局", mail: "glzx", street: "临江市迎宾大道302号"},
	{name: "临江市道路运输服务中心", short: "市道路运输服务中心", org: "中共临江市道路运输服务中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "transport", parent: "临江市交通运输局", mail: "dlys", street: "临江市迎宾大道306号"},
	{name: "临江市不动产登记中心", short: "市不动产登记中心", org: "中共临江市不动产登记中心支部委员会", orgShort: "中心党支部", chief: "党支部书记、主任", deputy: "副主任",
		sector: "land", parent: "临江市自然资源和规划局", mail: "bdc", street: "临江市新华路90号政务服务中心二楼"},
}

// contact returns the public channel of the i-th unit of unitSpecs.
func (u *unitSpec) contact(i int) rectify.Contact {
	return rectify.Contact{
		Phone:   fmt.Sprintf("0000-55%05d", 10101+i*137),
		Address: u.street,
		Email:   u.mail + "@linjiang.example",
	}
}
