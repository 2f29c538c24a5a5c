package chat

import (
	"fmt"
	"strings"
)

// lang is the language the bot speaks to one user: "zh" or "en". Every text
// is written as a pair at the place it is used, so no text can exist in one
// language only.
type lang string

const (
	zh lang = "zh"
	en lang = "en"
)

// langFor picks the language for a Telegram language code.
func langFor(code string) lang {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return en
	}
	return zh
}

// T returns the text in the user's language.
func (l lang) T(zhText, enText string) string {
	if l == en {
		return enText
	}
	return zhText
}

// F formats the text in the user's language.
func (l lang) F(zhFormat, enFormat string, args ...any) string {
	return fmt.Sprintf(l.T(zhFormat, enFormat), args...)
}

// pair is a value's label in both languages.
type pair struct{ zh, en string }

func (p pair) in(l lang) string { return l.T(p.zh, p.en) }

// Labels of the ledger's enumerations, with the terms of DOMAIN.md.
var labels = map[string]pair{
	"small": {"小型企业", "small"}, "medium": {"中型企业", "medium"}, "large": {"大型企业", "large"},
	"strategic": {"战略客户", "strategic"}, "key": {"重点客户", "key"}, "normal": {"普通客户", "normal"},
	"potential": {"潜在客户", "potential"}, "new": {"新客户", "new"}, "active": {"活跃客户", "active"},
	"sleeping": {"沉睡客户", "sleeping"}, "churned": {"流失客户", "churned"},
	"failed": {"发送失败", "failed"}, "unreachable": {"无法送达", "unreachable"},
	"onsite": {"上门拜访", "on-site"}, "phone": {"电话", "phone"}, "video": {"视频", "video"}, "other": {"其他", "other"},
	"complaint": {"投诉", "complaint"}, "suggestion": {"建议", "suggestion"}, "praise": {"表扬", "praise"}, "request": {"需求", "request"},
	"low": {"低", "low"}, "high": {"高", "high"},
	"open": {"待处理", "open"}, "in_progress": {"处理中", "in progress"}, "resolved": {"已解决", "resolved"},
	"admin": {"管理员", "admin"}, "manager": {"经理", "manager"}, "sales": {"销售", "sales"},
}

// severity "medium" shares its key with size "medium"; the severity label differs.
var severityMedium = pair{"中", "medium"}

// label returns the display name of an enumeration value.
func (l lang) label(v string) string {
	if p, ok := labels[v]; ok {
		return p.in(l)
	}
	return v
}
