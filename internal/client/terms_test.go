package client

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

func TestNormalizeDropsWhatDoesNotIdentifyACompany(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"华为技术有限公司":               "华为技术",
		"华为技术（集团）股份有限公司":         "华为技术",
		"海尔集团公司":                 "海尔",
		" 华为 技术 ":                "华为技术",
		"ACME Trading Co., Ltd.": "acmetrading",
		"Ａｃｍｅ　Ｔｒａｄｉｎｇ　Ｉｎｃ．":      "acmetrading",
		"acme-trading llc":       "acmetrading",
		"有限公司":                   "有限公司", // nothing but a legal form is kept
		"TCL科技集团股份有限公司":          "tcl科技",
		"360安全":                  "360安全",
		"，。！":                    "",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSyllableMatchesGoPinyinForEveryCharacter(t *testing.T) {
	t.Parallel()
	args := pinyin.NewArgs()
	for code := range pinyin.PinyinDict {
		r := rune(code) //nolint:gosec // G115: the dictionary is keyed by code points, at most 0x10FFFF
		want := ""
		if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
			want = p[0]
		}
		if got := syllable(r); got != want {
			t.Fatalf("syllable(%q) = %q, go-pinyin says %q", r, got, want)
		}
	}
}

func TestIndexKeysCoverEveryWayToTypeAName(t *testing.T) {
	t.Parallel()
	k := IndexKeys("深圳市华为科技有限公司", []ContactKey{{Name: "张伟", Phone: "+86 138-0013-8000"}})
	if k.NormName != "深圳市华为科技" || k.SearchKey != "shenzhenshihuaweikeji" {
		t.Fatalf("norm %q search key %q", k.NormName, k.SearchKey)
	}
	ranks := map[string]int32{}
	for _, term := range k.Terms {
		ranks[term.Key] = term.Rank
	}
	want := map[string]int{
		"深圳": kindName, "华为": kindName, "科技": kindName, "技": kindName,
		"shenzhenshihuaweikeji": kindPinyin, "huaweikeji": kindPinyin, "keji": kindPinyin,
		"szshwkj": kindInitials, "hwkj": kindInitials, "kj": kindInitials,
		"张伟": kindContact, "zhangwei": kindContact,
		"13800138000": kindPhone, "~00083100831": kindPhone,
	}
	for key, kind := range want {
		r, ok := ranks[key]
		if !ok {
			t.Errorf("no term %q in %v", key, k.Terms)
		} else if kindOfRank(r) != kind {
			t.Errorf("term %q has kind %d, want %d", key, kindOfRank(r), kind)
		}
	}
	for _, absent := range []string{"有限", "公司", "j", "wei"} {
		if _, ok := ranks[absent]; ok {
			t.Errorf("term %q should not be indexed", absent)
		}
	}
	if ranks["huaweikeji"] <= ranks["shenzhenshihuaweikeji"] {
		t.Errorf("a hit at the start of the name must rank before one inside it")
	}
	if !slices.Contains(k.Words, "huawei") || !slices.Contains(k.Words, "keji") {
		t.Errorf("dictionary words %v lack the pinyin of 华为 and 科技", k.Words)
	}
}

func TestIndexKeysReadsHeteronymsInCompanyWords(t *testing.T) {
	t.Parallel()
	for name, key := range map[string]string{"招商银行": "zhaoshangyinhang", "重庆钢铁": "chongqinggangtie", "厦门航空": "xiamenhangkong"} {
		if got := IndexKeys(name, nil).SearchKey; got != key {
			t.Errorf("SearchKey(%s) = %q, want %q", name, got, key)
		}
	}
}

func TestEditDistanceCountsSwapsAsOne(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		want int
	}{
		{"huawei", "huawie", 1}, {"trading", "tradng", 1}, {"acme", "acne", 1},
		{"acme", "acme", 0}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"华为", "为华", 1},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestWordsOneEditApartShareAVariant(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]string{{"huawei", "huawie"}, {"trading", "tradng"}, {"acme", "acne"}, {"acme", "acmes"}} {
		a, b := WordVariants(pair[0]), WordVariants(pair[1])
		if !slices.ContainsFunc(a, func(v string) bool { return slices.Contains(b, v) }) {
			t.Errorf("%q and %q share no variant: %v / %v", pair[0], pair[1], a, b)
		}
	}
}

func TestNextPrefixBoundsEveryKeyWithThePrefix(t *testing.T) {
	t.Parallel()
	cases := map[string]string{"hw": "hx", "华": "协", "az": "a{", "a\U0010FFFF": "b", "\uD7FF": "\uE000"}
	for in, want := range cases {
		if got := nextPrefix(in); got != want {
			t.Errorf("nextPrefix(%q) = %q, want %q", in, got, want)
		}
	}
	for _, key := range []string{"hw", "hwkj", "hw\U0010FFFE"} {
		if !(key >= "hw" && key < nextPrefix("hw")) {
			t.Errorf("%q falls outside the range of prefix hw", key)
		}
	}
}

// checkKeys holds what any output of the tokeniser must satisfy.
func checkKeys(t *testing.T, name string, k Keys) {
	if !utf8.ValidString(k.NormName) || !utf8.ValidString(k.SearchKey) {
		t.Fatalf("invalid UTF-8 from %q", name)
	}
	if len(k.SearchKey) > maxKeyBytes || len(k.Terms) > 2000 || len(k.Words) > maxInputRunes {
		t.Fatalf("unbounded output for %q: key %d bytes, %d terms, %d words", name, len(k.SearchKey), len(k.Terms), len(k.Words))
	}
	for _, term := range k.Terms {
		if term.Key == "" || len(term.Key) > maxTermBytes+1 || !utf8.ValidString(term.Key) || strings.ContainsRune(term.Key, 0) {
			t.Fatalf("bad term %q from %q", term.Key, name)
		}
		if kind := kindOfRank(term.Rank); kind < kindName || kind > kindPhone {
			t.Fatalf("term %q of %q has rank %d", term.Key, name, term.Rank)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"华为技术有限公司", "ACME Trading Co., Ltd.", "Ａｃｍｅ", "", "有限公司", "\xff\xfe", "a\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) || strings.ContainsRune(got, 0) {
			t.Fatalf("Normalize(%q) = %q: not valid text", s, got)
		}
		if utf8.RuneCountInString(got) > 4*maxInputRunes {
			t.Fatalf("Normalize(%q) is %d characters long", s, utf8.RuneCountInString(got))
		}
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize is not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"深圳市华为科技有限公司", "Acme Trading", "TCL科技", "张伟", "13800138000", "\xff", "重庆银行"} {
		f.Add(s, "张伟", "+86 138 0013 8000")
	}
	f.Fuzz(func(t *testing.T, name, contact, phone string) {
		checkKeys(t, name, IndexKeys(name, []ContactKey{{Name: contact, Phone: phone}}))
		for _, w := range IndexKeys(name, nil).Words {
			if vs := WordVariants(w); len(vs) > maxTermBytes+1 || vs[0] != w {
				t.Fatalf("variants of %q: %v", w, vs)
			}
		}
	})
}
