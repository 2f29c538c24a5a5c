package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The pools realistic names are drawn from: Chinese company names are
// [city[市]] + a brand of 2-4 characters + an industry word + a legal form;
// about one name in ten is Latin ("Zentrix Trading Co., Ltd.").
var (
	cities = strings.Fields(`北京 上海 深圳 广州 杭州 成都 武汉 南京 苏州 天津 重庆 西安 长沙 郑州 青岛 合肥 厦门 宁波
		无锡 佛山 东莞 济南 沈阳 大连 昆明 福州 哈尔滨 长春 石家庄 南昌 贵阳 南宁 太原 兰州 温州 泉州 常州 徐州 烟台 珠海
		中山 惠州 嘉兴 绍兴 金华 台州 扬州 南通 潍坊 洛阳`)
	brandChars = hanRunes(`华为腾讯阿里百度京东美的海尔联想格力中兴恒瑞康泰安达鑫盛宏信源新明天正博通诚金银科丰嘉德永利祥和隆昌凯锦辉晟铭睿智星辰光远峰飞龙凤
		云海山川江河湖林森木水火土石岩晶玉宝珍福禄寿喜乐欣悦雅静思创维特斯普拉雷诺亚太平洋东方西南北汇聚合众鼎力成功伟业宇宙航天佳品优选精工巧匠
		万千百亿兆丰收获胜赢荣耀辉煌灿烂锐捷迅驰骏驹鹏程展翼翔鸿图志高远卓越非凡`)
	industries = strings.Fields(`科技 贸易 电子 机械 实业 建材 物流 医药 软件 信息技术 网络科技 化工 食品 服饰 电气 汽车配件 环保科技
		生物科技 投资 咨询 文化传媒 教育科技 新能源 供应链管理 房地产开发 餐饮管理 精密制造 智能装备 包装材料 农业发展`)
	legalForms = []string{"有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "公司"}

	latinSyllables = strings.Fields(`ac me glo bex ini tech um brel la stark way ne won ka hoo li van de lay zen trix vor
		tex no va quan sys pro max cor lux flex gen tri om ni as tra ve ri sol ter ra blu sky`)
	latinIndustries = strings.Fields(`Trading Technologies Logistics Industries Electronics Consulting Holdings Systems
		Foods Pharma Solutions Manufacturing Materials Energy Capital Software Networks Medical Textiles Machinery`)
	latinForms = []string{"Co., Ltd.", "Inc.", "Ltd", "LLC", "GmbH", "Limited", ""}

	surnames   = hanRunes(`王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤`)
	givenChars = hanRunes(`伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨阳宇浩然子涵欣怡梓轩佳琪雨萱思远俊杰博文志强建国海燕春梅`)
	positions  = []string{"总经理", "采购经理", "技术总监", "财务主管", "销售总监", "行政主管", "董事长", "项目经理"}
	tiersDist  = []string{"strategic", "key", "key", "key", "key"} // 1 in 20 strategic, 4 in 20 key, rest normal
	stagesAll  = []string{"potential", "new", "active", "active", "active", "sleeping", "churned"}
)

// company is one generated client with the parts its name was built from,
// which the benchmark uses to make queries.
type company struct {
	id, team, owner int64
	name            string
	latin           bool
	brand           string // Han brand or Latin brand word
	industry        string
	tier, stage     string
	created         time.Time
	lastContact     *time.Time
	contacts        []person
}

type person struct {
	name, position, phone string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// newCompany generates client id of team, owned by one of owners.
func newCompany(r *rand.Rand, id, team int64, owners []int64, now time.Time) company {
	c := company{id: id, team: team, owner: pick(r, owners)}
	if r.IntN(10) == 0 {
		c.latin = true
		c.brand = strings.ToUpper(latinSyllables[r.IntN(len(latinSyllables))][:1]) +
			latinSyllables[r.IntN(len(latinSyllables))][1:] + pick(r, latinSyllables)
		c.industry = pick(r, latinIndustries)
		c.name = strings.TrimSpace(c.brand + " " + c.industry + " " + pick(r, latinForms))
	} else {
		brand := make([]rune, 2+r.IntN(3))
		for i := range brand {
			brand[i] = pick(r, brandChars)
		}
		c.brand = string(brand)
		c.industry = pick(r, industries)
		prefix := ""
		if r.IntN(100) < 85 {
			prefix = pick(r, cities)
			if r.IntN(2) == 0 {
				prefix += "市"
			}
		}
		c.name = prefix + c.brand + c.industry + pick(r, legalForms)
	}
	c.tier = "normal"
	if n := r.IntN(20); n < len(tiersDist) {
		c.tier = tiersDist[n]
	}
	c.stage = pick(r, stagesAll)
	c.created = now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
	if r.IntN(10) < 7 {
		t := c.created.Add(time.Duration(r.Int64N(int64(now.Sub(c.created)) + 1)))
		c.lastContact = &t
	}
	for range 1 + boolInt(r.IntN(5) == 0) {
		c.contacts = append(c.contacts, newPerson(r))
	}
	return c
}

func newPerson(r *rand.Rand) person {
	given := string(pick(r, givenChars))
	if r.IntN(2) == 0 {
		given += string(pick(r, givenChars))
	}
	phone := fmt.Sprintf("1%c%09d", "35789"[r.IntN(5)], r.IntN(1_000_000_000))
	if r.IntN(4) == 0 {
		phone = phone[:3] + "-" + phone[3:7] + "-" + phone[7:]
	}
	return person{name: string(pick(r, surnames)) + given, position: pick(r, positions), phone: phone}
}

// hanRunes returns the characters of s without its layout whitespace.
func hanRunes(s string) []rune { return []rune(strings.Join(strings.Fields(s), "")) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
