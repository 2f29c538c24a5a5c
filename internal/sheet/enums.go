package sheet

import (
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// enumWord maps the words a ledger uses for an enumeration value to the
// ledger's code. The first words of each entry are the ones EnumRule shows.
type enumWord struct {
	code  string
	words []string
}

// enums holds, per field, every word accepted for each value, compared
// after norm (case, width, spaces and punctuation folded). Keep the common
// words first: EnumRule shows the first few.
var enums = map[Field][]enumWord{
	Tier: {
		{"strategic", []string{"A", "战略", "VIP", "strategic", "战略客户", "A类", "A级", "A类客户", "A级客户", "SVIP", "KA", "核心", "核心客户", "一级"}},
		{"key", []string{"B", "重点", "key", "重点客户", "重要", "重要客户", "B类", "B级", "B类客户", "B级客户", "important", "二级"}},
		{"normal", []string{"C", "普通", "normal", "普通客户", "一般", "一般客户", "C类", "C级", "C类客户", "C级客户", "general", "regular", "三级"}},
	},
	Stage: {
		{"potential", []string{"潜在", "意向", "potential", "潜在客户", "意向客户", "prospect", "lead", "线索"}},
		{"new", []string{"新", "新客户", "new", "新签", "新签客户"}},
		{"active", []string{"活跃", "合作中", "active", "活跃客户", "成交", "成交客户", "已成交", "正常", "老客户", "稳定"}},
		{"sleeping", []string{"休眠", "沉睡", "sleeping", "休眠客户", "沉睡客户", "dormant", "inactive", "不活跃"}},
		{"churned", []string{"流失", "churned", "流失客户", "已流失", "lost", "丢失"}},
	},
	Size: {
		{"large", []string{"大", "大型", "large", "大型企业", "大企业", "big", "L", "集团"}},
		{"medium", []string{"中", "中型", "medium", "中型企业", "中企业", "M", "中等"}},
		{"small", []string{"小", "小型", "small", "小型企业", "小企业", "微型", "小微", "小微企业", "S"}},
	},
	VisitKind: {
		{"onsite", []string{"上门", "拜访", "onsite", "上门拜访", "现场", "面谈", "面访", "on-site", "visit", "in person", "实地"}},
		{"phone", []string{"电话", "phone", "电话拜访", "电话沟通", "call", "tel"}},
		{"video", []string{"视频", "video", "视频会议", "线上", "online", "腾讯会议", "zoom"}},
		{"other", []string{"其他", "other", "微信", "wechat", "邮件", "email"}},
	},
}

// enumLabel names the i18n enumeration holding each field's labels.
var enumLabel = map[Field]i18n.Enum{Tier: i18n.Tier, Stage: i18n.Stage, Size: i18n.Size, VisitKind: i18n.VisitKind}

// enumIndex is enums inverted: field → folded word → code.
var enumIndex = func() map[Field]map[string]string {
	idx := make(map[Field]map[string]string, len(enums))
	for f, entries := range enums {
		idx[f] = map[string]string{}
		for _, e := range entries {
			idx[f][fold(e.code)] = e.code
			for _, w := range e.words {
				idx[f][fold(w)] = e.code
			}
			for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
				idx[f][fold(l.Label(enumLabel[f], e.code))] = e.code
			}
		}
	}
	return idx
}()

// ParseTier reads a client tier: A/战略/VIP → strategic, B/重点 → key,
// C/普通 → normal (and the other words of the table).
func ParseTier(s string) (string, error) { return parseEnum(Tier, s) }

// ParseStage reads a lifecycle stage: 潜在 → potential, 新 → new, 活跃 →
// active, 休眠/沉睡 → sleeping, 流失 → churned.
func ParseStage(s string) (string, error) { return parseEnum(Stage, s) }

// ParseSize reads a company size: 大 → large, 中 → medium, 小 → small.
func ParseSize(s string) (string, error) { return parseEnum(Size, s) }

// ParseVisitKind reads how a visit was made: 上门 → onsite, 电话 → phone,
// 视频 → video, 其他 → other.
func ParseVisitKind(s string) (string, error) { return parseEnum(VisitKind, s) }

func parseEnum(f Field, s string) (string, error) {
	k := fold(s)
	if k == "" {
		return "", valueErr("empty %s", Label(f, i18n.EN))
	}
	if code, ok := enumIndex[f][k]; ok {
		return code, nil
	}
	return "", valueErr("%q is not a %s: %s", s, strings.ToLower(Label(f, i18n.EN)), EnumRule(f, i18n.EN))
}

// EnumRule is the rule shown to a user for an enumeration column, in l:
// "A/战略/VIP → 战略客户；B/重点 → 重点客户；C/普通 → 普通客户". It is ""
// for a field that is not an enumeration.
func EnumRule(f Field, l i18n.Lang) string {
	entries, ok := enums[f]
	if !ok {
		return ""
	}
	parts := make([]string, 0, len(entries))
	for _, e := range entries {
		words := e.words
		if len(words) > 3 {
			words = words[:3]
		}
		parts = append(parts, strings.Join(words, "/")+" → "+l.Label(enumLabel[f], e.code))
	}
	return strings.Join(parts, l.T("；", "; "))
}

// IsEnum reports whether f takes a value from a fixed list (its cells are
// read with the matching Parse function and EnumRule explains them).
func IsEnum(f Field) bool {
	_, ok := enums[f]
	return ok
}
