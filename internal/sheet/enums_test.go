package sheet

import (
	"errors"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

func TestEnumParsersMapTheLedgersWordsToCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		parse func(string) (string, error)
		in    string
		want  string
	}{
		{ParseTier, "A", "strategic"}, {ParseTier, "a类", "strategic"}, {ParseTier, "VIP", "strategic"},
		{ParseTier, "战略客户", "strategic"}, {ParseTier, "B", "key"}, {ParseTier, "重点", "key"},
		{ParseTier, "Ｃ级", "normal"}, {ParseTier, "普通客户", "normal"}, {ParseTier, "Normal", "normal"},
		{ParseStage, "潜在", "potential"}, {ParseStage, "新客户", "new"}, {ParseStage, "活跃", "active"},
		{ParseStage, "沉睡客户", "sleeping"}, {ParseStage, "休眠", "sleeping"}, {ParseStage, "流失", "churned"},
		{ParseSize, "大型企业", "large"}, {ParseSize, "中", "medium"}, {ParseSize, "small", "small"},
		{ParseVisitKind, "上门拜访", "onsite"}, {ParseVisitKind, "电话", "phone"}, {ParseVisitKind, "视频", "video"},
		{ParseVisitKind, "On-site", "onsite"}, {ParseVisitKind, "其他", "other"},
	} {
		got, err := tc.parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "D", "超级", "unknown"} {
		if _, err := ParseTier(in); !errors.Is(err, ErrValue) {
			t.Errorf("ParseTier(%q) error = %v, want ErrValue", in, err)
		}
	}
}

func TestEnumsCoverTheDomainsValuesAndEveryLabel(t *testing.T) {
	t.Parallel()
	kinds := make([]string, 0, len(visit.Kinds))
	for _, k := range visit.Kinds {
		kinds = append(kinds, string(k))
	}
	for f, values := range map[Field][]string{Tier: client.Tiers, Stage: client.Stages, Size: client.Sizes, VisitKind: kinds} {
		var codes []string
		for _, e := range enums[f] {
			codes = append(codes, e.code)
		}
		for _, v := range values {
			if !strings.Contains(" "+strings.Join(codes, " ")+" ", " "+v+" ") {
				t.Errorf("%s: domain value %q has no words", f, v)
			}
			for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
				if got, err := parseEnum(f, l.Label(enumLabel[f], v)); err != nil || got != v {
					t.Errorf("%s: label %q reads as %q, %v", f, l.Label(enumLabel[f], v), got, err)
				}
			}
		}
	}
}

func TestEnumWordsAreUnambiguous(t *testing.T) {
	t.Parallel()
	for f, entries := range enums {
		seen := map[string]string{}
		for _, e := range entries {
			for _, w := range append([]string{e.code}, e.words...) {
				if prev, ok := seen[fold(w)]; ok && prev != e.code {
					t.Errorf("%s: %q means both %s and %s", f, w, prev, e.code)
				}
				seen[fold(w)] = e.code
			}
		}
	}
}

func TestEnumRuleShowsTheMappingInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	if got, want := EnumRule(Tier, i18n.ZH), "A/战略/VIP → 战略客户；B/重点/key → 重点客户；C/普通/normal → 普通客户"; got != want {
		t.Errorf("EnumRule(Tier, zh) = %q, want %q", got, want)
	}
	if got := EnumRule(Tier, i18n.EN); !strings.Contains(got, "A/战略/VIP → strategic; ") {
		t.Errorf("EnumRule(Tier, en) = %q", got)
	}
	if got := EnumRule(ClientName, i18n.ZH); got != "" {
		t.Errorf("EnumRule(ClientName) = %q, want empty", got)
	}
}
