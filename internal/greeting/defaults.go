package greeting

import (
	"github.com/ledgerbot/ledgerbot/internal/holiday"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// The template occasions besides the built-in holiday keys: one wording for
// every custom date, and one for birthdays.
const (
	OccasionCustom   = "custom"
	OccasionBirthday = "birthday"
)

// defaults are the built-in wordings, by occasion and language. They are
// written to be sent as they are, by a salesperson or by the bot in their
// name, to a business contact.
var defaults = map[string][2]string{ // occasion -> {zh, en}
	holiday.NewYear: {
		"{contact}您好！新年伊始，感谢您过去一年对我们的信任与支持。祝您元旦快乐、身体健康，祝{client}新的一年事业蒸蒸日上！——{sender}",
		"Dear {contact}, happy New Year! Thank you for your trust and support over the past year. Best wishes to you and everyone at {client} for a successful year ahead. — {sender}",
	},
	holiday.SpringFestival: {
		"{contact}您好！值此新春佳节，衷心感谢您一直以来的支持与信任。祝您和家人春节快乐、阖家幸福，祝{client}新春大吉、生意兴隆！——{sender}",
		"Dear {contact}, happy Spring Festival! Thank you for your continued trust and support. Wishing you and your family health and happiness, and {client} a prosperous new year. — {sender}",
	},
	holiday.Lantern: {
		"{contact}您好！元宵佳节，花好月圆。祝您和家人元宵节快乐、团团圆圆，祝{client}红红火火！——{sender}",
		"Dear {contact}, happy Lantern Festival! Wishing you and your family a joyful reunion, and {client} a bright year. — {sender}",
	},
	holiday.LabourDay: {
		"{contact}您好！劳动节到了，感谢您和{client}团队的辛勤付出。祝您节日愉快、假期顺心！——{sender}",
		"Dear {contact}, happy Labour Day! Thank you to you and the team at {client} for all your hard work. Enjoy the holiday. — {sender}",
	},
	holiday.DragonBoat: {
		"{contact}您好！端午安康！感谢您对我们工作的支持，祝您和家人身体健康、万事顺遂，祝{client}事业蒸蒸日上！——{sender}",
		"Dear {contact}, best wishes for the Dragon Boat Festival! Thank you for your support; wishing you good health and {client} continued success. — {sender}",
	},
	holiday.MidAutumn: {
		"{contact}您好！月圆人团圆，值此中秋佳节，感谢您一直以来的支持。祝您和家人中秋快乐、阖家团圆，祝{client}事业圆满！——{sender}",
		"Dear {contact}, happy Mid-Autumn Festival! Thank you for your support. Wishing you and your family a happy reunion under the full moon, and {client} every success. — {sender}",
	},
	holiday.NationalDay: {
		"{contact}您好！国庆佳节，感谢您对我们的信任与支持。祝您国庆快乐、假期愉快，祝{client}事业兴旺！——{sender}",
		"Dear {contact}, happy National Day! Thank you for your trust and support. Enjoy the Golden Week, and best wishes to everyone at {client}. — {sender}",
	},
	OccasionCustom: {
		"{contact}您好！值此{holiday}之际，感谢您对我们的支持与信任，祝您和{client}一切顺利！——{sender}",
		"Dear {contact}, on the occasion of {holiday}, thank you for your trust and support. Best wishes to you and {client}. — {sender}",
	},
	OccasionBirthday: {
		"{contact}您好！今天是您的生日，祝您生日快乐、身体健康、万事如意！感谢您一直以来的支持。——{sender}",
		"Dear {contact}, happy birthday! Wishing you good health, happiness and a wonderful year ahead. Thank you for your support. — {sender}",
	},
}

// occasionKeys lists every template occasion in display order.
func occasionKeys() []string {
	var keys []string
	for _, o := range holiday.Builtin() {
		keys = append(keys, o.Key)
	}
	return append(keys, OccasionCustom, OccasionBirthday)
}

// occasionNames names a template occasion in both languages.
func occasionNames(key string) (zh, en string) {
	switch key {
	case OccasionCustom:
		return "自定义日期", "Custom dates"
	case OccasionBirthday:
		return "生日", "Birthday"
	}
	o, _ := holiday.Lookup(key)
	return o.Zh, o.En
}

// defaultBody is the built-in wording of an occasion in l.
func defaultBody(occasion string, l i18n.Lang) string {
	d := defaults[occasion]
	return l.T(d[0], d[1])
}
