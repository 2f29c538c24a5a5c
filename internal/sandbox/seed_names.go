package sandbox

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// The words the demo ledger's companies, people and notes are made of. The
// company names are invented: a city, a trade name, a line of business and a
// legal form, as Chinese companies are registered.

var (
	eastCities  = []string{"上海", "苏州", "杭州", "南京", "宁波", "无锡", "合肥", "常州", "嘉兴", "绍兴"}
	southCities = []string{"广州", "深圳", "东莞", "佛山", "珠海", "厦门"}

	// tradeNames leaves out the showcase clients' names (showcase.go), so a
	// search for one finds that client first.
	tradeNames = []string{"鼎盛", "宏达", "天成", "众诚", "博远", "新锐", "海纳", "优创", "嘉禾", "汇通",
		"永安", "景明", "启航", "同创", "明辉", "锦程", "万象", "德胜", "卓越", "联创", "盛世", "安达", "九州",
		"星河", "云帆", "青松", "富源", "泰和", "和丰", "晨光", "远航", "信诚", "华茂", "润丰", "宝成", "精诚"}

	lines = []struct{ name, industry string }{
		{"精密机械", "制造业"}, {"电子", "制造业"}, {"汽车零部件", "制造业"}, {"新材料", "制造业"},
		{"食品", "制造业"}, {"纺织", "制造业"}, {"包装", "制造业"}, {"建材贸易", "批发零售"},
		{"商贸", "批发零售"}, {"医疗器械", "医疗健康"}, {"物流", "物流运输"}, {"供应链管理", "物流运输"},
		{"软件", "信息技术"}, {"信息技术", "信息技术"}, {"化工", "能源化工"}, {"新能源", "能源化工"},
		{"建筑工程", "建筑业"}, {"餐饮管理", "服务业"}, {"酒店管理", "服务业"}, {"教育科技", "教育培训"},
		{"融资租赁", "金融业"},
	}

	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"}
	givenNames = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
		"超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "雪梅", "国庆"}
	positions = []string{"总经理", "采购经理", "财务总监", "技术总监", "行政主管", "项目经理", "董事长", "副总经理", "采购专员"}

	visitNotes = []string{
		"拜访采购部，了解下季度备货计划，预计用量增加两成。",
		"电话沟通报价细节，客户最关心交期和付款方式。",
		"视频会议演示新产品，对方技术部反馈良好，要求寄样品。",
		"上门处理售后问题，已更换故障部件，客户表示满意。",
		"客户提出价格下调的要求，需回公司申请特价。",
		"陪同技术人员现场调试设备，运行正常。",
		"年度合同续签沟通，预计下月签约。",
		"客户新厂区投产，需求量明显增加，约下周详谈。",
		"了解到竞争对手在接触客户，报价比我们低约5%。",
		"与财务对账，确认上季度回款情况。",
		"客户更换了采购负责人，已拜会新负责人并介绍合作历史。",
		"参加客户供应商大会，获评优秀供应商。",
	}
	visitOutcomes = []string{"", "报价已发，等待采购确认", "约定下周寄样品", "需申请特价，三天内答复", "合同草案已发法务审核", ""}

	feedbackBodies = []struct {
		kind, body string
	}{
		{"request", "希望增加月结账期到60天。"},
		{"request", "需要提供英文版产品说明书。"},
		{"suggestion", "建议送货前一天电话确认，方便安排收货。"},
		{"suggestion", "希望开通线上下单和物流查询。"},
		{"praise", "对售后工程师的响应速度很满意，特此表扬。"},
		{"complaint", "上批货包装破损三箱，要求补发。"},
		{"request", "希望年底前提供下一年度的框架报价。"},
		{"complaint", "发票开具延迟，影响客户月底结账。"},
	}
)

// name is a random Chinese name of a person.
func personName(r *rand.Rand) string {
	return surnames[r.IntN(len(surnames))] + givenNames[r.IntN(len(givenNames))]
}

// phone is a random mobile number as people write it.
func phone(r *rand.Rand) string {
	prefixes := []string{"138", "139", "137", "136", "150", "158", "186", "189", "177"}
	return fmt.Sprintf("%s %04d %04d", prefixes[r.IntN(len(prefixes))], r.IntN(10000), r.IntN(10000))
}

// birthday is a random birthday of someone born between 1965 and 1995,
// as the ledger keeps dates (00:00 UTC).
func birthday(r *rand.Rand) time.Time {
	return time.Date(1965+r.IntN(31), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
}

// pick returns one element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
