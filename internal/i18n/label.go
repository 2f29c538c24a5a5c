package i18n

// Enum names one of the ledger's enumerations. Labels are keyed by the
// enumeration and the value together, because values repeat across
// enumerations with different words: size "medium" is 中型企业, severity
// "medium" is 中.
type Enum string

// The enumerations that have labels. Their values are the domain's codes,
// as stored in PostgreSQL.
const (
	Size           Enum = "size"            // client size: small, medium, large
	Tier           Enum = "tier"            // client tier: strategic, key, normal
	Stage          Enum = "stage"           // client lifecycle stage: potential ... churned
	VisitKind      Enum = "visit_kind"      // onsite, phone, video, other
	FeedbackKind   Enum = "feedback_kind"   // complaint, suggestion, praise, request
	Severity       Enum = "severity"        // feedback severity: low, medium, high
	FeedbackStatus Enum = "feedback_status" // open, in_progress, resolved
	Role           Enum = "role"            // staff role: admin, manager, sales
	OutboxStatus   Enum = "outbox_status"   // pending ... unreachable
)

// Label returns value's name in l, or value itself when the table does not
// know it (a code from a newer release), so a screen never goes blank.
func (l Lang) Label(e Enum, value string) string {
	if s, ok := l.Lookup(e, value); ok {
		return s
	}
	return value
}

// Lookup returns value's name in l and whether the table has one, for a
// caller that wants its own fallback.
func (l Lang) Lookup(e Enum, value string) (string, bool) {
	t, ok := labels[e][value]
	if !ok {
		return "", false
	}
	return t.In(l), true
}

// labels holds every enumeration value's name, with the terms of the
// ledger's vocabulary (客户台账).
var labels = map[Enum]map[string]Text{
	Size: {
		"small":  {"小型企业", "small"},
		"medium": {"中型企业", "medium"},
		"large":  {"大型企业", "large"},
	},
	Tier: {
		"strategic": {"战略客户", "strategic"},
		"key":       {"重点客户", "key"},
		"normal":    {"普通客户", "normal"},
	},
	Stage: {
		"potential": {"潜在客户", "potential"},
		"new":       {"新客户", "new"},
		"active":    {"活跃客户", "active"},
		"sleeping":  {"沉睡客户", "sleeping"},
		"churned":   {"流失客户", "churned"},
	},
	VisitKind: {
		"onsite": {"上门拜访", "on-site"},
		"phone":  {"电话", "phone"},
		"video":  {"视频", "video"},
		"other":  {"其他", "other"},
	},
	FeedbackKind: {
		"complaint":  {"投诉", "complaint"},
		"suggestion": {"建议", "suggestion"},
		"praise":     {"表扬", "praise"},
		"request":    {"需求", "request"},
	},
	Severity: {
		"low":    {"低", "low"},
		"medium": {"中", "medium"},
		"high":   {"高", "high"},
	},
	FeedbackStatus: {
		"open":        {"待处理", "open"},
		"in_progress": {"处理中", "in progress"},
		"resolved":    {"已解决", "resolved"},
	},
	Role: {
		"admin":   {"管理员", "admin"},
		"manager": {"经理", "manager"},
		"sales":   {"销售", "sales"},
	},
	OutboxStatus: {
		"pending":     {"待发送", "pending"},
		"sending":     {"发送中", "sending"},
		"sent":        {"已发送", "sent"},
		"failed":      {"发送失败", "failed"},
		"unreachable": {"无法送达", "unreachable"},
	},
}
