// Package textfold folds text for search, so that a query finds what was
// written in another form of the same words: traditional characters
// (整改進展) and simplified ones (整改进展), variant forms (台帐 and 台账,
// 其它 and 其他), full-width and half-width letters and digits (ＡＢＣ１２
// and abc12), upper and lower case. The indexed text and the query are
// folded by the same function; the folded text is never shown.
package textfold

import (
	"strings"
	"unicode/utf8"
)

// Fold returns s folded for search: lower case, full-width ASCII as
// half-width, the ideographic space as a space, traditional characters as
// simplified ones and variant forms as the common one. One character
// becomes one character, except for the variant words of phrases.
func Fold(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	out := b.String()
	if strings.ContainsAny(out, phraseFirsts) {
		out = phrases.Replace(out)
	}
	return out
}

// FoldRune folds one character as Fold does, without the variant words
// of phrases (其它 stays 其它): for readers that go a character at a time.
func FoldRune(r rune) rune { return foldRune(r) }

// foldRune folds one character.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r == '\u3000':
		return ' '
	case r >= '！' && r <= '～': // full-width ASCII
		r = r - '！' + '!'
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r >= hanFirst && r <= hanLast {
		if s := hanTable[r-hanFirst]; s != 0 {
			return s
		}
		return r
	}
	if s, ok := simplified[r]; ok {
		return s
	}
	return toLower(r)
}

// toLower lowers letters of other scripts (Ａ is done above).
func toLower(r rune) rune {
	if r < 0x370 || r > 0x52F { // Greek and Cyrillic only: Chinese has no case
		return r
	}
	return []rune(strings.ToLower(string(r)))[0]
}

// simplified maps a traditional or variant character to the simplified
// one. Only characters that simplified Chinese does not use are mapped
// (著, 乾, 於 as a surname are left alone or mapped where the simplified
// form is the usual one), so that folding simplified text leaves it as it
// is: TestFoldKeepsSimplified checks this on a corpus of simplified text.
var simplified = func() map[rune]rune {
	m := map[rune]rune{}
	for _, pair := range strings.Fields(t2s + variants) {
		rs := []rune(pair)
		if len(rs) != 2 {
			panic("textfold: bad pair " + pair)
		}
		m[rs[0]] = rs[1]
	}
	return m
}()

// variants are characters that simplified text does use, folded on
// purpose into the form the standard prefers in this domain's words: 台帐,
// 记帐 and 帐目 are written 台账, 记账, 账目.
const variants = `帐账`

// hanTable is simplified for the block of common ideographs, as an array:
// folding is a lookup per character.
const hanFirst, hanLast = 0x4E00, 0x9FFF

var hanTable = func() []rune {
	t := make([]rune, hanLast-hanFirst+1)
	for r, s := range simplified {
		if r >= hanFirst && r <= hanLast {
			t[r-hanFirst] = s
		}
	}
	return t
}()

// phrases are variant spellings of whole words, after characters are
// folded.
var phrases = strings.NewReplacer(
	"其它", "其他",
	"部份", "部分",
	"身分证", "身份证",
	"惟一", "唯一",
)

// phraseFirsts are the first characters of the variant phrases: text
// without any of them needs no replacing.
const phraseFirsts = "其部身惟"

// t2s is the table: each field a traditional (or variant) character and its
// simplified form. It covers the characters of government and
// rectification texts (巡察、整改、黨建、財務、工程、民生) rather than the whole
// language.
const t2s = `
帳账 賬账 臺台 檯台 颱台 佈布 佔占 週周 裏里 裡里 麼么 於于 並并 衆众 眾众 祕秘 綫线 鉤钩 痺痹 菸烟 醃腌
問问 題题 務务 衛卫 設设 計计 劃划 責责 單单 導导 領领 監监 檢检 機机 關关 黨党 組组 織织 會会 議议 規规 範范
員员 們们 報报 進进 況况 稅税 財财 經经 濟济 發发 現现 實实 際际 歷历 曆历 與与 為为 爲为 過过 對对 這这 個个
時时 間间 長长 開开 門门 動动 產产 質质 戰战 當当 邊边 還还 體体 總总 點点 線线 區区 縣县 鄉乡 鎮镇 農农 業业
廠厂 礦矿 險险 隊队 團团 幹干 層层 級级 強强 壓压 權权 勢势 紀纪 違违 紅红 綠绿 黃黄 藍蓝 燈灯 號号 數数 據据
庫库 電电 話话 郵邮 傳传 資资 訊讯 網网 絡络 統统 準准 確确 認认 證证 驗验 銷销 記记 錄录 檔档 學学 習习 講讲
專专 項项 應应 該该 將将 從从 來来 後后 億亿 萬万 費费 價价 購购 買买 賣卖 貸贷 擔担 負负 辦办 處处 職职 稱称
選选 舉举 薦荐 撥拨 補补 貼贴 獎奖 懲惩 罰罚 敗败 貪贪 汙污 濫滥 潔洁 風风 氣气 勵励 嚴严 肅肃 識识 執执 觀观
標标 則则 態态 護护 療疗 醫医 藥药 環环 廢废 棄弃 營营 運运 輸输 車车 鐵铁 鋼钢 橋桥 園园 樹树 館馆 廳厅 場场
築筑 屬属 轄辖 書书 視视 饋馈 見见 覺觉 親亲 戶户 優优 勞劳 條条 測测 試试 術术 備备 維维 養养 邏逻 輯辑 編编
審审 簽签 訂订 約约 誤误 錯错 隱隐 災灾 預预 練练 訓训 細细 節节 歲岁 兩两 樣样 種种 類类 內内 東东 廣广 無无
雙双 麗丽 華华 國国 莊庄 幾几 額额 餘余 虧亏 損损 賠赔 償偿 債债 貨货 幣币 銀银 錢钱 憑凭 擬拟 圍围 遺遗 軟软
係系 繫系 聯联 溝沟 協协 調调 彙汇 匯汇 結结 論论 評评 訪访 談谈 詢询 複复 雜杂 簡简 難难 陣阵 軍军 師师
讀读 寫写 畫画 圖图 藝艺 劇剧 飯饭 飲饮 時时 齊齐 齡龄 龍龙 龜龟 墳坟 壞坏 壩坝 壯壮 聲声 處处 備备 復复 夠够
夢梦 奪夺 奮奋 婦妇 媽妈 孫孙 寧宁 實实 審审 寶宝 尋寻 導导 屆届 屢屡 嶺岭 巖岩 幣币 帥帅 師师 帶带 幫帮 廟庙
廣广 張张 彈弹 彌弥 徑径 徵征 恆恒 惡恶 惱恼 愛爱 慘惨 慣惯 慮虑 憂忧 憲宪 懷怀 懸悬 戲戏 戶户 拋抛 挾挟
捨舍 掃扫 掛挂 採采 揚扬 換换 損损 搖摇 擊击 擋挡 擔担 據据 擴扩 擺摆 擾扰 攜携 攝摄 敵敌 斂敛 斷断 昇升 晉晋
暢畅 暫暂 曉晓 東东 條条 棄弃 棟栋 楊杨 業业 構构 槍枪 樂乐 標标 樞枢 橫横 欄栏 權权 歡欢 歸归 殘残 毀毁 氣气
決决 沒没 溝沟 減减 測测 湯汤 滅灭 滬沪 滿满 漁渔 漢汉 潛潜 澤泽 濕湿 灣湾 煉炼 熱热 燒烧 爭争 爾尔 牆墙 牽牵
獨独 獲获 環环 現现 產产 畝亩 畢毕 異异 療疗 癥症 發发 盡尽 監监 盤盘 眾众 矯矫 硃朱 碼码 確确 礎础 禮礼 禍祸
離离 種种 稅税 穩稳 窮穷 競竞 筆笔 範范 築筑 簡简 糧粮 紀纪 約约 納纳 紛纷 紙纸 紮扎 細细 終终 組组 結结 絕绝
給给 統统 絲丝 經经 綜综 緊紧 維维 綱纲 網网 緒绪 線线 締缔 編编 緩缓 練练 縣县 縮缩 績绩 總总 織织 繳缴
續续 罷罢 羅罗 義义 習习 聖圣 聞闻 聯联 聰聪 職职 肅肃 脅胁 脫脱 腦脑 臨临 興兴 舊旧 艱艰 節节 範范 莊庄
薦荐 蘇苏 處处 號号 蟲虫 術术 衝冲 補补 裝装 製制 複复 覽览 觸触 計计 訂订 討讨 訓训 記记 訪访 許许 診诊 詞词
試试 詳详 誠诚 說说 請请 諸诸 課课 誰谁 調调 談谈 論论 諮咨 講讲 謝谢 證证 識识 譯译 議议 護护 變变 讓让 讚赞
豐丰 負负 貢贡 財财 責责 貴贵 貸贷 貿贸 資资 賈贾 賓宾 賞赏 質质 賴赖 購购 賽赛 贈赠 贊赞 趕赶 趨趋 跡迹 踐践
蹤踪 軌轨 軟软 較较 載载 輔辅 輕轻 輪轮 轉转 辦办 辭辞 農农 迴回 逕径 這这 連连 週周 進进 遊游 運运 過过 達达
違违 遙遥 遞递 適适 遲迟 遷迁 選选 還还 邊边 鄰邻 鄭郑 醫医 釋释 針针 鈔钞 鉛铅 銅铜 銳锐 錄录 鋪铺 鍵键 鎖锁
鏈链 鑑鉴 鑒鉴 長长 門门 閉闭 問问 閒闲 間间 閘闸 閱阅 闊阔 關关 闡阐 陳陈 陸陆 陰阴 隊队 階阶 際际 隨随
險险 隱隐 雖虽 雜杂 難难 雲云 電电 靈灵 靜静 韓韩 響响 頁页 頂顶 項项 順顺 須须 預预 領领 頭头 頻频 額额 顏颜
願愿 類类 顧顾 顯显 風风 飛飞 飽饱 餘余 館馆 騎骑 驗验 驚惊 體体 髮发 鬥斗 鬧闹 魚鱼 鳥鸟 鹽盐 麥麦 黃黄 點点
黨党 齒齿 兒儿 內内 兩两 冊册 凍冻 劉刘 則则 剛刚 創创 劃划 劇剧 勁劲 動动 務务 勝胜 勞劳 勢势 勵励 勸劝 區区
協协 卻却 厲厉 參参 叢丛 吳吴 員员 啟启 喪丧 單单 嚴严 圍围 園园 團团 圖图 圓圆 塊块 報报 場场 塗涂 墊垫 壓压
`
