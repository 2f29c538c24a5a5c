package i18n

import "testing"

func TestParseMakesEveryEnglishCodeEnglishAndEverythingElseChinese(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]Lang{
		"en": EN, "en-GB": EN, "EN-us": EN, "english": EN,
		"zh": ZH, "zh-hans": ZH, "": ZH, "fr": ZH, "de-en": ZH, " en": ZH,
	} {
		if got := Parse(code); got != want {
			t.Errorf("Parse(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestTPicksEnglishOnlyForEN(t *testing.T) {
	t.Parallel()
	for l, want := range map[Lang]string{EN: "client", ZH: "客户", "": "客户", "en-GB": "客户"} {
		if got := l.T("客户", "client"); got != want {
			t.Errorf("Lang(%q).T = %q, want %q", l, got, want)
		}
	}
}

func TestFFormatsTheChosenLanguagesFormat(t *testing.T) {
	t.Parallel()
	if got := EN.F("%d 天", "%d days", 3); got != "3 days" {
		t.Errorf("EN.F = %q", got)
	}
	if got := ZH.F("%d 天", "%d days", 3); got != "3 天" {
		t.Errorf("ZH.F = %q", got)
	}
}

func TestTextInPicksTheLanguage(t *testing.T) {
	t.Parallel()
	txt := Text{ZH: "帮助", EN: "Help"}
	if txt.In(EN) != "Help" || txt.In(ZH) != "帮助" {
		t.Errorf("In: %q, %q", txt.In(EN), txt.In(ZH))
	}
}
