package notice

import (
	"strings"
	"unicode/utf8"
)

// Copies of notices on mirror sites come in traditional characters. The
// reader folds them to simplified characters to read them (the words it
// looks for are simplified) and gives the Document back in the characters
// the notice was written in. The table holds the characters of notices:
// Party and government work, rectification, dates and counts. Every pair
// has the same UTF-8 length, so that byte offsets into a folded line are
// offsets into the line as written.

// tradPairs lists traditional characters, each followed by its simplified
// form.
const tradPairs = "" +
	"關关於于進进況况報报黨党組组織织領领導导會会議议問问題题實实現现將将據据縣县區区" +
	"發发傳传學学習习貫贯徹彻決决責责員员長长務务專专項项規规範范運运資资費费審审計计" +
	"監监紀纪檢检權权處处辦办開开財财產产單单書书記记調调們们個个為为對对與与這这從从" +
	"後后時时間间過过還还點点體体種种動动頭头條条數数歷历屆届設设機机構构幹干級级鄉乡" +
	"鎮镇國国門门廳厅衛卫醫医療疗藥药農农業业園园綠绿護护環环態态歸归違违執执證证說说" +
	"請请讓让認认識识訓训練练試试詢询評评論论講讲謀谋課课談谈誡诫諾诺謝谢讀读變变達达" +
	"選选遞递適适遷迁連连週周邊边遠远遺遗錢钱鐵铁銀银錄录鑒鉴閉闭閒闲陣阵陽阳險险隊队" +
	"際际隱隐雖虽雙双雜杂難难電电靈灵須须順顺預预頻频顯显風风飛飞飯饭餘余馬马驗验鬥斗" +
	"魚鱼鳥鸟麥麦黃黄齊齐齒齿龍龙興兴舉举舊旧艱艰蘭兰號号蟲虫補补裝装製制複复見见視视" +
	"覺觉觀观訂订許许訴诉診诊註注詳详誠诚誤误諸诸謂谓貢贡貨货貧贫貼贴貿贸賠赔賬账質质" +
	"購购贊赞趕赶趨趋跡迹蹤踪車车軍军載载較较輔辅輕轻輸输轉转釋释針针錯错鍵键鍛锻鎖锁" +
	"鏈链閱阅闊阔陸陆陳陈陰阴隨随雲云靜静響响頁页頂顶頒颁頓顿額额類类顧顾驅驱億亿優优" +
	"價价儀仪僅仅備备債债傷伤儲储兒儿內内兩两冊册凍冻創创別别劃划勞劳勢势勵励協协卻却" +
	"參参嚴严團团圍围圖图圓圆場场塊块壓压壞坏夠够奪夺奮奋婦妇寧宁寬宽寶宝尋寻屬属層层" +
	"嶺岭幣币師师帶带幫帮庫库廢废廣广廠厂張张強强彙汇徑径復复徵征憂忧應应懷怀慶庆憲宪" +
	"戰战戶户擴扩擬拟採采換换揮挥損损擔担擁拥擇择擊击斷断晉晋暢畅曉晓東东來来極极標标" +
	"樣样樓楼樂乐樹树橫横檔档歡欢歲岁殘残殺杀氣气沒没溝沟減减測测滿满漢汉潔洁潛潜濟济" +
	"災灾烏乌無无煙烟熱热營营爭争爾尔牆墙獎奖獨独獲获畫画當当盡尽盤盘眾众礎础確确碼码" +
	"禮礼離离稅税稱称穩稳窮穷競竞筆笔節节築筑簡简糧粮約约紅红納纳紙纸細细終终結结絕绝" +
	"給给統统經经綜综維维網网綱纲緊紧線线緒绪編编緣缘總总績绩繼继續续罰罚羅罗義义聖圣" +
	"聞闻聯联聲声職职聽听肅肃脅胁腦脑臨临莊庄華华萬万葉叶蓋盖薦荐藝艺蘇苏虛虚術术衝冲" +
	"親亲訊讯討讨託托訪访詞词話话該该誰谁諒谅諮谘謹谨譽誉負负貴贵買买賀贺賄贿賓宾賞赏" +
	"賴赖賢贤贈赠軟软輝辉輪轮辭辞遊游遲迟邁迈鄰邻鋼钢錦锦鏡镜閃闪閣阁闡阐階阶雞鸡韓韩" +
	"頸颈顆颗願愿養养館馆驚惊鬧闹鮮鲜鹽盐麗丽剛刚啟启喪丧嘗尝囑嘱壇坛夢梦宮宫寫写廟庙" +
	"恥耻悅悦惡恶愛爱慣惯慮虑憑凭懇恳懲惩懸悬戲戏拋抛捨舍掃扫掛挂揚扬搶抢攜携攝摄敗败" +
	"敵敌斂敛暫暂棄弃榮荣歐欧毀毁淺浅溫温滅灭漁渔潤润澤泽濃浓燈灯燒烧爐炉犧牺狀状猶犹" +
	"獄狱盜盗積积竊窃籌筹簽签絡络緩缓縮缩繩绳罷罢聰聪脫脱臉脸艙舱襲袭覽览詐诈誇夸誌志" +
	"謠谣譯译豐丰豬猪賽赛贓赃踐践躍跃軌轨輛辆輿舆轄辖辯辩遙遥郵邮銷销鋒锋鍋锅鑄铸閥阀" +
	"闖闯陝陕韻韵颳刮駐驻騎骑鳴鸣齡龄儘尽傑杰灣湾廈厦瀏浏涼凉輩辈擺摆龐庞鬆松麼么蝕蚀" +
	"鄭郑趙赵楊杨劉刘吳吴孫孙鄧邓蔣蒋韋韦蕭萧鍾钟閻阎顏颜龔龚盧卢饒饶隸隶鈔钞錶表鬱郁" +
	"醜丑裡里裏里隻只瞭了颱台麵面闆板鑰钥鎊镑噸吨樁桩軸轴匯汇滙汇擾扰瀆渎紮扎綫线騙骗" +
	"撥拨撫抚糾纠賦赋賒赊賤贱臺台塗涂嶽岳竇窦癥症燦灿侖仑倉仓倫伦偉伟側侧偵侦傘伞僑侨" +
	"儉俭兇凶剝剥劍剑勁劲勻匀匱匮厲厉厭厌咼呙喚唤嗚呜壘垒奧奥孿孪寢寝尷尴嶄崭幟帜廬庐" +
	"彎弯彌弥慚惭懶懒懼惧搖摇撐撑攔拦攤摊攪搅曬晒枱台棟栋棧栈槍枪歎叹氈毡濤涛濾滤瀉泻" +
	"灑洒煉炼爛烂牽牵犢犊猻狲瑣琐畝亩瘡疮癢痒礦矿禍祸穀谷窪洼籃篮糞粪紋纹紐纽紡纺絨绒" +
	"綁绑緝缉縫缝繫系繳缴纖纤罈坛翹翘聳耸膚肤膠胶艦舰蓮莲藍蓝蘆芦蝦虾衆众褲裤覓觅訣诀" +
	"詛诅諧谐謊谎譜谱讚赞豎竖貓猫賈贾賺赚贖赎蹺跷軀躯輯辑遜逊鄒邹醞酝釀酿鈴铃鉛铅銅铜" +
	"鋪铺鍍镀鍊炼鑽钻閘闸閩闽陘陉隴陇雛雏霧雾靂雳頌颂頗颇頰颊顫颤颺飏飼饲餅饼餓饿饑饥" +
	"駁驳駕驾騰腾驟骤髒脏鬍胡鯉鲤鴨鸭鵝鹅鶴鹤鷹鹰麽么黴霉鼴鼹齋斋夥伙纔才徬彷佈布併并" +
	"並并佔占佇伫係系倖幸僱雇兌兑凜凛劄札勳勋厙厍叢丛嚮向堅坚墜坠墾垦壩坝妝妆媽妈孃娘" +
	"屍尸屜屉岡冈崗岗幾几弔吊彥彦恆恒惱恼愜惬慾欲懺忏挾挟捲卷掄抡揀拣搗捣摻掺撈捞擠挤" +
	"擰拧攏拢攙搀敘叙昇升晝昼暈晕曆历朧胧棲栖椏桠楓枫榿桤樞枢欄栏氫氢洶汹涇泾淪沦渙涣" +
	"滬沪滯滞滲渗澇涝澀涩濁浊濱滨瀝沥瀾澜灘滩灝灏炤照燜焖燭烛爺爷牘牍犖荦狹狭猙狰獅狮" +
	"獵猎玀猡璽玺甕瓮甦苏疇畴癡痴皚皑盞盏睏困瞞瞒矯矫砲炮碩硕磚砖祿禄禦御稟禀穌稣窩窝" +
	"竄窜筍笋簍篓籠笼粵粤糰团紗纱紹绍絞绞綢绸綵彩綽绰緬缅縱纵繕缮繞绕纏缠缽钵罵骂羨羡" +
	"聶聂腎肾膩腻臍脐艤舣莖茎菸烟蒐搜蔔卜蕩荡薑姜藉借蘊蕴虜虏蛻蜕蠟蜡蠻蛮衊蔑袞衮裊袅" +
	"襯衬覘觇觸触訃讣訛讹訟讼詠咏詣诣誣诬誦诵誨诲諜谍諭谕謁谒謄誊謙谦譏讥譴谴讒谗讖谶" +
	"豈岂貞贞貶贬貸贷賃赁賊贼賭赌賸剩贅赘贍赡趲趱踴踊蹟迹躉趸軋轧軒轩輒辄輓挽轎轿辮辫" +
	"迴回逕迳釐厘鈍钝鉅巨銜衔鋁铝錘锤錨锚鍬锹鏟铲鐘钟鑑鉴閨闺闈闱陞升隄堤雋隽霽霁靦腼" +
	"韁缰頹颓顛颠飆飙餵喂饋馈騷骚驢驴鬨哄鮑鲍鴉鸦鵬鹏鸚鹦黷黩齣出"

// tradFold maps a traditional character to its simplified form.
var tradFold = func() map[rune]rune {
	m := make(map[rune]rune, utf8.RuneCountInString(tradPairs)/2)
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()

// foldTraditional returns s with its traditional characters made
// simplified, and whether it changed anything.
func foldTraditional(s string) (string, bool) {
	changed := false
	for _, r := range s {
		if r >= 0x4E00 {
			if _, ok := tradFold[r]; ok {
				changed = true
				break
			}
		}
	}
	if !changed {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := tradFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// isTraditionalText reports whether the lines read as traditional
// characters: enough of them fold (a simplified notice may hold a stray
// traditional character in a name, and keeps it).
func isTraditionalText(lines []string) bool {
	trad, han := 0, 0
	for _, l := range lines {
		for _, r := range l {
			if r < 0x4E00 {
				continue
			}
			han++
			if _, ok := tradFold[r]; ok {
				trad++
			}
		}
	}
	return han > 0 && trad*20 >= han // 5% of the characters
}

// unfolder gives folded text back in the characters the notice was
// written in: a simplified character becomes the traditional one it was
// folded from when the notice wrote it that way more often than not.
type unfolder map[rune]rune

// newUnfolder learns from the lines as written and as folded.
func newUnfolder(raw, folded []string) unfolder {
	counts := map[rune]map[rune]int{}
	plain := map[rune]int{}
	for i := range raw {
		r1, r2 := []rune(raw[i]), []rune(folded[i])
		if len(r1) != len(r2) {
			continue
		}
		for k := range r1 {
			if r1[k] == r2[k] {
				plain[r2[k]]++
				continue
			}
			if counts[r2[k]] == nil {
				counts[r2[k]] = map[rune]int{}
			}
			counts[r2[k]][r1[k]]++
		}
	}
	u := unfolder{}
	for s, ts := range counts {
		best, bestN := rune(0), 0
		for t, n := range ts {
			if n > bestN || (n == bestN && t < best) {
				best, bestN = t, n
			}
		}
		if bestN > plain[s] {
			u[s] = best
		}
	}
	return u
}

func (u unfolder) str(s string) string {
	if len(u) == 0 || s == "" {
		return s
	}
	rs := []rune(s)
	for i, r := range rs {
		if t, ok := u[r]; ok {
			rs[i] = t
		}
	}
	return string(rs)
}

func (u unfolder) strs(ss []string) {
	for i := range ss {
		ss[i] = u.str(ss[i])
	}
}

// doc gives every text of d back as written. Codes (statuses, the kind of
// inspection) and the reader's own messages stay as they are.
func (u unfolder) doc(d *Document) {
	if len(u) == 0 {
		return
	}
	d.Issuer, d.Title, d.Opening = u.str(d.Issuer), u.str(d.Title), u.str(d.Opening)
	in := &d.Inspection
	in.Team, in.Deployer, in.UnitName = u.str(in.Team), u.str(in.Deployer), u.str(in.UnitName)
	u.strs(d.Work)
	u.strs(d.NextSteps)
	for i := range d.SummaryLines {
		d.SummaryLines[i].Text = u.str(d.SummaryLines[i].Text)
	}
	d.Contact.Phone, d.Contact.Address, d.Contact.Email = u.str(d.Contact.Phone), u.str(d.Contact.Address), u.str(d.Contact.Email)
	for i := range d.Findings {
		f := &d.Findings[i]
		f.Title = u.str(f.Title)
		for j := range f.Problems {
			p := &f.Problems[j]
			p.Title, p.Description, p.StatusText = u.str(p.Title), u.str(p.Description), u.str(p.StatusText)
			p.Leader, p.OwnerUnit, p.DueText = u.str(p.Leader), u.str(p.OwnerUnit), u.str(p.DueText)
			for k := range p.Measures {
				p.Measures[k].Text, p.Measures[k].Group = u.str(p.Measures[k].Text), u.str(p.Measures[k].Group)
			}
		}
	}
}
