package importer

import (
	"errors"
	"fmt"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// msg is a text in both languages.
type msg struct{ zh, en string }

// textWhy explains a text the client checkers refused.
func textWhy(err error, max int) msg {
	switch {
	case errors.Is(err, client.ErrTooLong):
		return msg{fmt.Sprintf("内容过长（最多 %d 个字）", max), fmt.Sprintf("too long (at most %d characters)", max)}
	case errors.Is(err, client.ErrNoLetters):
		return msg{"没有文字或数字", "holds no letters or digits"}
	case errors.Is(err, client.ErrControlChar):
		return msg{"含有无法保存的控制字符", "holds a control character that cannot be stored"}
	}
	return msg{"缺少内容", "is missing"}
}

func dateWhy() msg {
	return msg{"日期无法识别（如 2024-03-05、2024/3/5、2024年3月5日）",
		"not a date (such as 2024-03-05, 2024/3/5, 2024年3月5日)"}
}

// enumWhy explains an enumeration value that maps to nothing, with the rule.
func enumWhy(f sheet.Field) msg {
	return msg{"无法识别的取值：" + sheet.EnumRule(f, i18n.ZH), "not a known value: " + sheet.EnumRule(f, i18n.EN)}
}

// The errors the classification in SQL adds, in both languages.
var (
	whyNoClient = rowError{Col: -1, ZH: "文件和台账中都找不到这个客户", EN: "the client is neither in the file nor in the ledger"}
	whyBadRef   = rowError{Col: -1, ZH: "所属客户的行有错误", EN: "the row of its client has errors"}
)

// why picks the text of e in l.
func (e rowError) why(l i18n.Lang) string { return l.T(e.ZH, e.EN) }
