package sandbox

import (
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// The showcase clients: each makes one feature of the bot visible on the
// first day or after a fast-forward. Their trade names are not among the
// random ones, so searching for one finds it first.
const (
	// SearchClient is an ordinary key client of 张伟's: the tour searches
	// for it (恒信 or hxjm) and logs a visit to it.
	SearchClient = "苏州恒信精密机械有限公司"
	// AtRiskClient is a key client of 张伟's nobody has visited for 100
	// days after a busy half year: the churn scan alerts the managers.
	AtRiskClient = "上海星辰电子有限公司"
	// OverdueClient owes 186,000 yuan 90 days past due: at risk (高风险).
	OverdueClient = "南京金桥建材贸易有限公司"
	// ComplaintClient has a complaint past its deadline: escalated.
	ComplaintClient = "杭州瑞丰食品有限公司"
	// StrategicClient is the manager's strategic client, whose chairman's
	// birthday is tomorrow.
	StrategicClient = "华星科技集团股份有限公司"
)

// showcase plans the showcase clients; birthdays are days after today, the
// sandbox's first day.
func showcase(today time.Time) []plan {
	inDays := func(n int) *time.Time {
		d := time.Date(1978, today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		return &d
	}
	v := func(ago int, kind visit.Kind, notes, outcome string) plannedVisit {
		return plannedVisit{ago: ago, kind: kind, notes: notes, outcome: outcome}
	}
	return []plan{
		{
			owner: "张伟", created: 300, reviewed: 25,
			draft: client.Draft{Name: SearchClient, Industry: "制造业", Size: "medium", Tier: "key", Stage: "active",
				Region: "苏州", Address: "苏州市工业园区星湖街328号", Source: "展会", Needs: "数控机床配件，季度备货",
				Contact: &client.ContactDraft{Name: "赵敏", Position: "采购经理", Phone: "139 1234 5678", Email: "zhaomin@hengxin.example.cn", Birthday: inDays(3)}},
			contacts: []client.ContactDraft{{Name: "钱立", Position: "技术总监", Phone: "138 2345 6789"}},
			visits: []plannedVisit{
				v(50, visit.OnSite, "拜访采购部，了解下季度备货计划，预计用量增加两成。", "报价已发，等待采购确认"),
				v(25, visit.Phone, "电话沟通报价细节，客户最关心交期和付款方式。", "约定下月上门"),
			},
			deals: []plannedDeal{
				{ago: 150, amount: "268000", description: "年度框架采购", termDays: 60, paidAgo: 92},
				{ago: 40, amount: "96500", description: "备品备件", termDays: 60, paidAgo: -1},
			},
			feedback: []plannedFeedback{{ago: 1, kind: feedback.Request, severity: feedback.Medium,
				body: "希望增加月结账期到60天。", resolveAgo: -1}},
		},
		{
			owner: "张伟", created: 500, reviewed: 100,
			draft: client.Draft{Name: AtRiskClient, Industry: "制造业", Size: "large", Tier: "key", Stage: "active",
				Region: "上海", Address: "上海市浦东新区张江路88号", Source: "老客户介绍",
				RiskNote: "竞争对手报价低约5%，采购负责人更换。",
				Contact:  &client.ContactDraft{Name: "周海燕", Position: "副总经理", Phone: "137 6543 2100"}},
			visits: []plannedVisit{
				v(170, visit.OnSite, "年度合同续签沟通，预计下月签约。", ""),
				v(150, visit.Video, "视频会议演示新产品，对方技术部反馈良好，要求寄样品。", ""),
				v(125, visit.OnSite, "了解到竞争对手在接触客户，报价比我们低约5%。", "需申请特价，三天内答复"),
				v(100, visit.Phone, "客户更换了采购负责人，新负责人暂未约到。", ""),
			},
			deals: []plannedDeal{{ago: 160, amount: "420000", description: "项目一期", termDays: 30, paidAgo: 128}},
		},
		{
			owner: "Lucy Liu", created: 400, reviewed: 15,
			draft: client.Draft{Name: OverdueClient, Industry: "批发零售", Size: "medium", Tier: "normal", Stage: "active",
				Region: "南京", Address: "南京市江宁区建材市场A区12号", Source: "电话开发",
				Contact: &client.ContactDraft{Name: "孙磊", Position: "财务总监", Phone: "186 5512 3344"}},
			visits: []plannedVisit{
				v(40, visit.OnSite, "与财务对账，确认上季度回款情况。", "对方承诺月底前付款"),
				v(15, visit.Phone, "催收二期货款，对方称资金紧张。", ""),
			},
			deals: []plannedDeal{
				{ago: 300, amount: "75000", description: "建材采购", termDays: 30, paidAgo: 268},
				{ago: 120, amount: "186000", description: "二期项目材料", termDays: 30, paidAgo: -1},
			},
		},
		{
			owner: "张伟", created: 250, reviewed: 6,
			draft: client.Draft{Name: ComplaintClient, Industry: "制造业", Size: "medium", Tier: "key", Stage: "active",
				Region: "杭州", Address: "杭州市余杭区良渚路66号", Source: "官网咨询",
				Contact: &client.ContactDraft{Name: "吴静", Position: "采购专员", Phone: "150 8888 1234"}},
			visits: []plannedVisit{
				v(30, visit.OnSite, "陪同技术人员现场调试设备，运行正常。", ""),
				v(6, visit.Phone, "客户反映上批货包装破损。", "安排补发"),
			},
			feedback: []plannedFeedback{{ago: 5, kind: feedback.Complaint, severity: feedback.High,
				body: "上批货包装破损三箱，要求补发，客户对物流很不满意。", resolveAgo: -1}},
		},
		{
			owner: "李娜", created: 700, reviewed: 8,
			draft: client.Draft{Name: StrategicClient, Industry: "信息技术", Size: "large", Tier: "strategic", Stage: "active",
				Region: "上海", Address: "上海市徐汇区漕河泾开发区宜山路700号", Source: "招投标", Needs: "数据中心配套设备，三年框架协议",
				Contact: &client.ContactDraft{Name: "孙建华", Position: "董事长", Phone: "139 0000 8888", Birthday: inDays(1)}},
			contacts: []client.ContactDraft{{Name: "林雪梅", Position: "采购经理", Phone: "138 1111 2222", Birthday: inDays(9)}},
			visits: []plannedVisit{
				v(20, visit.OnSite, "参加客户供应商大会，获评优秀供应商。", ""),
				v(8, visit.Video, "三年框架协议条款沟通。", "合同草案已发法务审核"),
			},
			deals: []plannedDeal{
				{ago: 200, amount: "1280000", description: "数据中心一期", termDays: 90, paidAgo: 112},
				{ago: 30, amount: "560000", description: "数据中心二期", termDays: 90, paidAgo: -1},
			},
		},
	}
}
