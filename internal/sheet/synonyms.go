package sheet

import "github.com/ledgerbot/ledgerbot/internal/i18n"

// labels are the headers the export writes and the template shows, in the
// ledger's words (the card and the edit menu use the same ones). Guess maps
// each of them back to its field.
var labels = map[Field]i18n.Text{
	ClientID:    {ZH: "客户编号", EN: "Client ID"},
	ClientName:  {ZH: "客户名称", EN: "Client name"},
	Industry:    {ZH: "行业", EN: "Industry"},
	Size:        {ZH: "规模", EN: "Size"},
	Tier:        {ZH: "客户等级", EN: "Tier"},
	Stage:       {ZH: "合作阶段", EN: "Stage"},
	Region:      {ZH: "地区", EN: "Region"},
	Address:     {ZH: "地址", EN: "Address"},
	Source:      {ZH: "客户来源", EN: "Source"},
	Owner:       {ZH: "负责人", EN: "Owner"},
	Needs:       {ZH: "需求与偏好", EN: "Needs"},
	Credit:      {ZH: "信用/风险", EN: "Credit/risk"},
	LastContact: {ZH: "最近联系", EN: "Last contact"},
	NextReview:  {ZH: "下次复核日期", EN: "Next review"},

	ContactName:     {ZH: "联系人", EN: "Contact"},
	ContactPosition: {ZH: "职务", EN: "Position"},
	ContactPhone:    {ZH: "电话", EN: "Phone"},
	ContactEmail:    {ZH: "邮箱", EN: "Email"},
	ContactBirthday: {ZH: "生日", EN: "Birthday"},

	DealDate:        {ZH: "成交日期", EN: "Deal date"},
	DealAmount:      {ZH: "金额", EN: "Amount"},
	DealDescription: {ZH: "合作内容", EN: "Description"},
	DealInvoiced:    {ZH: "开票金额", EN: "Invoiced"},
	DealDueOn:       {ZH: "回款到期日", EN: "Due date"},
	DealPaid:        {ZH: "已回款", EN: "Paid"},
	DealPaidOn:      {ZH: "回款日期", EN: "Paid on"},

	VisitDate:   {ZH: "拜访日期", EN: "Visit date"},
	VisitKind:   {ZH: "拜访方式", EN: "Visit kind"},
	VisitNotes:  {ZH: "拜访纪要", EN: "Visit notes"},
	VisitAuthor: {ZH: "拜访人", EN: "Visited by"},
}

// sheetNames are the sheet names the export writes, one per kind.
var sheetNames = map[Kind]i18n.Text{
	Clients:  {ZH: "客户", EN: "Clients"},
	Contacts: {ZH: "联系人", EN: "Contacts"},
	Deals:    {ZH: "合作记录", EN: "Deals"},
	Visits:   {ZH: "拜访记录", EN: "Visits"},
}

// synonyms are the headers people write for each field, Chinese and
// English. They are compared folded (see fold: case, width, spaces,
// punctuation, a trailing unit in brackets and the required-field star
// ignored), so "客户名称*", "客户名称：" and "CLIENT NAME" are one header.
// A header is looked up in its kind's table first (kindSynonyms: 日期 is a
// deal's date on a deals sheet and a visit's on a visits sheet), then here.
var synonyms = map[Field][]string{
	ClientID:    {"客户编号", "客户ID", "客户编码", "客户代码", "客户号", "编号", "ID", "client id", "customer id", "client no", "customer no"},
	ClientName:  {"客户名称", "公司名称", "单位名称", "客户", "企业名称", "客户名", "公司", "单位", "企业", "公司名", "客户全称", "公司全称", "client", "client name", "company", "company name", "customer", "customer name", "account", "account name"},
	Industry:    {"行业", "所属行业", "行业类别", "行业分类", "industry", "sector"},
	Size:        {"规模", "企业规模", "公司规模", "客户规模", "size", "company size"},
	Tier:        {"客户等级", "等级", "级别", "分类", "客户分类", "客户级别", "客户类别", "类别", "tier", "level", "grade", "rating", "class"},
	Stage:       {"阶段", "状态", "客户状态", "生命周期", "合作阶段", "客户阶段", "合作状态", "stage", "status", "lifecycle"},
	Region:      {"地区", "区域", "城市", "省份", "所在地区", "所在城市", "省市", "所属区域", "region", "city", "area", "province"},
	Address:     {"地址", "详细地址", "公司地址", "客户地址", "办公地址", "address"},
	Source:      {"来源", "客户来源", "渠道", "获客渠道", "来源渠道", "source", "channel", "lead source"},
	Owner:       {"负责人", "业务员", "销售", "销售员", "客户经理", "跟进人", "归属人", "所属销售", "销售负责人", "owner", "sales rep", "salesperson", "sales", "account manager", "account owner"},
	Needs:       {"需求与偏好", "备注", "需求", "客户需求", "需求偏好", "说明", "notes", "needs", "remarks", "remark", "comment", "comments"},
	Credit:      {"信用/风险", "信用", "信用等级", "信用风险", "风险", "信用情况", "credit", "credit rating", "credit/risk", "risk"},
	LastContact: {"最近联系", "上次拜访", "最近联系时间", "最近联系日期", "上次联系", "上次联系时间", "最后联系", "最后联系时间", "最近拜访", "last contact", "last contacted", "last visit"},
	NextReview:  {"下次复核日期", "下次复核", "下次回访", "复核日期", "下次回访日期", "回访日期", "下次跟进", "next review", "review date", "next follow-up", "next follow up"},

	ContactName:     {"联系人", "联系人姓名", "姓名", "联系人名称", "对接人", "contact", "contact name", "contact person"},
	ContactPosition: {"职务", "职位", "岗位", "联系人职务", "联系人职位", "头衔", "title", "position", "job title", "role"},
	ContactPhone:    {"电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "联系方式", "联系人电话", "联系人手机", "座机", "mobile", "phone", "tel", "telephone", "cell", "phone number", "mobile phone"},
	ContactEmail:    {"邮箱", "电子邮件", "电子邮箱", "邮件", "联系人邮箱", "email", "e-mail", "mail", "email address"},
	ContactBirthday: {"生日", "出生日期", "联系人生日", "birthday", "date of birth", "dob", "birth date"},

	DealDate:        {"成交日期", "合作日期", "交易日期", "签约日期", "合同日期", "deal date"},
	DealAmount:      {"金额", "成交金额", "合同金额", "交易金额", "合作金额", "订单金额", "amount", "deal amount", "value", "contract amount"},
	DealDescription: {"项目", "合作内容", "成交说明", "项目名称", "产品", "description", "deal description", "project"},
	DealInvoiced:    {"开票金额", "已开票金额", "已开票", "开票额", "发票金额", "开票", "invoiced", "amount invoiced", "invoiced amount", "invoice amount", "billed", "amount billed"},
	DealDueOn:       {"回款到期日", "到期日", "到期日期", "付款期限", "回款期限", "付款到期日", "应收到期日", "应回款日期", "应收款日期", "账期到期日", "due date", "due", "due on", "payment due", "payment due date", "payment terms date"},
	DealPaid:        {"已回款", "回款", "回款金额", "已回款金额", "回款额", "已收款", "已收款金额", "收款金额", "实收金额", "到账金额", "paid", "amount paid", "paid amount", "payment received", "payments received", "received", "collected"},
	DealPaidOn:      {"回款日期", "回款时间", "收款日期", "到账日期", "付款日期", "回款日", "paid on", "payment date", "date paid", "received on"},

	VisitDate:   {"拜访日期", "拜访时间", "走访日期", "visit date"},
	VisitKind:   {"拜访方式", "方式", "拜访类型", "沟通方式", "visit kind", "visit type", "kind", "type", "channel of visit"},
	VisitNotes:  {"拜访纪要", "纪要", "拜访记录", "拜访内容", "沟通内容", "visit notes"},
	VisitAuthor: {"拜访人", "拜访人员", "走访人", "visited by", "author", "visitor"},
}

// kindSynonyms are the headers whose field depends on the sheet's kind.
var kindSynonyms = map[Kind]map[Field][]string{
	Deals: {
		DealDate:        {"日期", "时间", "date"},
		DealDescription: {"说明", "描述", "内容", "备注", "摘要", "description", "notes", "remarks", "details"},
	},
	Visits: {
		VisitDate:   {"日期", "时间", "date"},
		VisitNotes:  {"内容", "记录", "备注", "说明", "notes", "remarks", "content", "summary"},
		VisitAuthor: {"负责人", "业务员", "销售", "销售员", "跟进人", "owner", "sales rep", "salesperson"},
	},
}

// kindWords find a sheet's kind in its name ("客户信息", "2024年拜访记录"):
// the first kind whose word the folded name contains wins, so the more
// specific kinds come first (客户联系人 is contacts, not clients).
var kindWords = []struct {
	kind  Kind
	words []string
}{
	{Visits, []string{"拜访", "走访", "visit"}},
	{Deals, []string{"合作记录", "成交", "交易", "订单", "合同", "deal", "order", "transaction"}},
	{Contacts, []string{"联系人", "contact"}},
	{Clients, []string{"客户", "台账", "client", "customer", "account", "company"}},
}
