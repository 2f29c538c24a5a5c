package sheet

import (
	"reflect"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

func TestGuessMapsChineseAndEnglishSynonyms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		want   Field
	}{
		{"客户名称", ClientName}, {"公司名称", ClientName}, {"单位名称", ClientName}, {"企业名称", ClientName},
		{"Customer Name", ClientName}, {"ＣＯＭＰＡＮＹ", ClientName}, {"客户名称*", ClientName},
		{"客户名称：", ClientName}, {" 客户 名称 ", ClientName}, {"客户编号", ClientID}, {"ID", ClientID},
		{"行业", Industry}, {"企业规模", Size}, {"客户等级", Tier}, {"级别", Tier}, {"客户分类", Tier},
		{"Grade", Tier}, {"阶段", Stage}, {"客户状态", Stage}, {"生命周期", Stage}, {"城市", Region},
		{"省份", Region}, {"详细地址", Address}, {"渠道", Source}, {"业务员", Owner}, {"客户经理", Owner},
		{"Sales Rep", Owner}, {"联系人姓名", ContactName}, {"职位", ContactPosition}, {"岗位", ContactPosition},
		{"手机号", ContactPhone}, {"联系电话", ContactPhone}, {"Tel.", ContactPhone}, {"电子邮件", ContactEmail},
		{"E-mail", ContactEmail}, {"出生日期", ContactBirthday}, {"备注", Needs}, {"客户需求", Needs},
		{"信用等级", Credit}, {"信用/风险", Credit}, {"上次拜访", LastContact}, {"最近联系时间", LastContact},
		{"下次回访", NextReview}, {"复核日期", NextReview}, {"金额(元)", ""}, {"不认识的列", ""}, {"", ""},
	} {
		_, cols := Guess("客户", []string{tc.header})
		if cols[0].Field != tc.want || cols[0].Slot != 0 {
			t.Errorf("Guess(客户, %q) = %+v, want %q", tc.header, cols[0], tc.want)
		}
	}
}

func TestGuessPicksTheKindFromTheSheetNameThenTheHeaders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		headers []string
		want    Kind
	}{
		{"客户信息", []string{"名称"}, Clients},
		{"Clients", nil, Clients},
		{"2024年客户台账", nil, Clients},
		{"联系人", nil, Contacts},
		{"客户联系人", nil, Contacts},
		{"合作记录", nil, Deals},
		{"成交", nil, Deals},
		{"交易明细", nil, Deals},
		{"拜访记录", nil, Visits},
		{"Visits", nil, Visits},
		{"Sheet1", []string{"客户名称", "日期", "金额", "说明"}, Deals},
		{"Sheet1", []string{"客户名称", "拜访日期", "方式", "内容"}, Visits},
		{"Sheet1", []string{"客户名称", "行业", "等级", "电话", "合同金额"}, Clients},
		{"Sheet1", []string{"a", "b"}, Clients},
	} {
		if got, _ := Guess(tc.name, tc.headers); got != tc.want {
			t.Errorf("Guess(%q, %q) kind = %s, want %s", tc.name, tc.headers, got, tc.want)
		}
	}
}

func TestGuessReadsAmbiguousHeadersByTheSheetsKind(t *testing.T) {
	t.Parallel()
	_, deal := Guess("合作记录", []string{"客户", "日期", "金额（万元）", "内容", "行业"})
	want := []Column{{ClientName, 0}, {DealDate, 0}, {DealAmount, 0}, {DealDescription, 0}, {}}
	if !reflect.DeepEqual(deal, want) {
		t.Errorf("deals mapping = %+v, want %+v", deal, want)
	}
	_, visit := Guess("拜访", []string{"客户名称", "日期", "方式", "内容", "负责人"})
	want = []Column{{ClientName, 0}, {VisitDate, 0}, {VisitKind, 0}, {VisitNotes, 0}, {VisitAuthor, 0}}
	if !reflect.DeepEqual(visit, want) {
		t.Errorf("visits mapping = %+v, want %+v", visit, want)
	}
}

func TestGuessGivesRepeatedContactColumnsTheirSlots(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		headers []string
		want    []Column
	}{
		{[]string{"客户名称", "联系人", "电话", "联系人2", "电话2", "联系人 3", "手机3"},
			[]Column{{ClientName, 0}, {ContactName, 0}, {ContactPhone, 0}, {ContactName, 1}, {ContactPhone, 1}, {ContactName, 2}, {ContactPhone, 2}}},
		{[]string{"客户名称", "联系人", "电话", "联系人", "电话"},
			[]Column{{ClientName, 0}, {ContactName, 0}, {ContactPhone, 0}, {ContactName, 1}, {ContactPhone, 1}}},
		{[]string{"第一联系人", "第二联系人", "第二联系人电话", "联系人二职务"},
			[]Column{{ContactName, 0}, {ContactName, 1}, {ContactPhone, 1}, {ContactPosition, 1}}},
		{[]string{"Contact", "Phone", "Second contact", "Phone 2", "Contact 3rd"},
			[]Column{{ContactName, 0}, {ContactPhone, 0}, {ContactName, 1}, {ContactPhone, 1}, {ContactName, 2}}},
		{[]string{"客户名称", "客户名称", "地址", "地址2"}, // a second non-contact column is ignored
			[]Column{{ClientName, 0}, {}, {Address, 0}, {}}},
	} {
		if _, got := Guess("客户", tc.headers); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Guess(%q) = %+v, want %+v", tc.headers, got, tc.want)
		}
	}
}

func TestTemplateHeadersMapBackToTheirFieldsInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			headers := TemplateHeaders(k, l)
			kind, cols := Guess(SheetName(k, l), headers)
			if kind != k {
				t.Errorf("Guess(SheetName(%s, %s)) kind = %s", k, l, kind)
			}
			for i, f := range Fields(k) {
				if cols[i] != (Column{Field: f}) {
					t.Errorf("%s/%s: header %q maps to %+v, want %s", k, l, headers[i], cols[i], f)
				}
			}
			if k == Contacts {
				continue // a contacts sheet is told by its name alone
			}
			if kind, _ := Guess("Sheet1", headers); kind != k {
				t.Errorf("%s/%s: headers alone give kind %s", k, l, kind)
			}
		}
	}
}

func TestEveryFieldHasALabelInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		for _, f := range Fields(k) {
			if labels[f].ZH == "" || labels[f].EN == "" {
				t.Errorf("field %s has no label", f)
			}
		}
	}
}

func TestSynonymsNameOneFieldEach(t *testing.T) {
	t.Parallel()
	seen := map[string]Field{}
	for f, words := range synonyms {
		for _, w := range append(words, labels[f].ZH, labels[f].EN) {
			k := fold(w)
			if prev, ok := seen[k]; ok && prev != f {
				t.Errorf("synonym %q names both %s and %s", w, prev, f)
			}
			seen[k] = f
		}
	}
	for k, table := range kindSynonyms {
		seen := map[string]Field{}
		for f, words := range table {
			for _, w := range words {
				if prev, ok := seen[fold(w)]; ok && prev != f {
					t.Errorf("%s: synonym %q names both %s and %s", k, w, prev, f)
				}
				seen[fold(w)] = f
			}
		}
	}
}

func FuzzGuess(f *testing.F) {
	f.Add("客户", "客户名称\x00联系人2\x00电话\x00金额(万元)")
	f.Add("Sheet1", "日期\x00金额\x00第二联系人电话")
	f.Add("拜访", "\xff\xfe\x00方式")
	f.Fuzz(func(t *testing.T, name, joined string) {
		headers := splitNUL(joined)
		k, cols := Guess(name, headers)
		if len(cols) != len(headers) {
			t.Fatalf("Guess gave %d columns for %d headers", len(cols), len(headers))
		}
		allowed := map[Field]bool{"": true}
		for _, f := range Fields(k) {
			allowed[f] = true
		}
		seen := map[Column]bool{}
		for i, c := range cols {
			if !allowed[c.Field] || c.Slot < 0 || c.Slot > maxSlot || c.Slot > 0 && !c.Field.IsContact() {
				t.Fatalf("header %q maps to %+v in a %s sheet", headers[i], c, k)
			}
			if c.Field != "" && seen[c] {
				t.Fatalf("column %+v mapped twice", c)
			}
			seen[c] = true
		}
		k2, cols2 := Guess(name, headers)
		if k2 != k || !reflect.DeepEqual(cols, cols2) {
			t.Fatalf("Guess is not deterministic")
		}
	})
}

func splitNUL(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
