package sandbox_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/sandbox"
)

func TestSpansReadTelegramHTML(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text, mode string
		want             []sandbox.Span
	}{
		{"plain text stays as sent", "<b>not bold</b>", "", []sandbox.Span{{Text: "<b>not bold</b>"}}},
		{"formatting and entities", "🏢 <b>华星 &amp; 科技</b>\n<i>备注</i>", "HTML", []sandbox.Span{
			{Text: "🏢 "}, {Text: "华星 & 科技", Bold: true}, {Text: "\n"}, {Text: "备注", Italic: true}}},
		{"nested", "<b>a<i>b</i></b>c", "HTML", []sandbox.Span{{Text: "a", Bold: true}, {Text: "b", Bold: true, Italic: true}, {Text: "c"}}},
		{"an escaped script is text", "客户 &lt;script&gt;alert(1)&lt;/script&gt;", "HTML", []sandbox.Span{{Text: "客户 <script>alert(1)</script>"}}},
		{"a tag Telegram does not know is text", `<img src=x onerror="alert(1)">x`, "HTML", []sandbox.Span{{Text: `<img src=x onerror="alert(1)">x`}}},
		{"links keep safe targets only", `<a href="https://t.me/x?start=g_1">go</a> <a href="javascript:alert(1)">bad</a>`, "HTML", []sandbox.Span{
			{Text: "go", Href: "https://t.me/x?start=g_1"}, {Text: " bad"}}},
		{"code, pre and spoilers", `<code>/visit 华为</code><pre>x</pre><span class="tg-spoiler">s</span>`, "HTML", []sandbox.Span{
			{Text: "/visit 华为", Code: true}, {Text: "x", Pre: true}, {Text: "s", Spoiler: true}}},
	} {
		if got := sandbox.Spans(tc.text, tc.mode); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Spans(%q) = %+v, want %+v", tc.name, tc.text, got, tc.want)
		}
	}
}

func FuzzSpansKeepEveryVisibleCharacter(f *testing.F) {
	f.Add("<b>客户</b> A &amp; B <a href='https://x.y'>l</a>")
	f.Add("<<>>&&;<i>")
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range sandbox.Spans(s, "HTML") {
			if h := strings.ToLower(sp.Href); h != "" && !strings.HasPrefix(h, "http:") && !strings.HasPrefix(h, "https:") && !strings.HasPrefix(h, "tg:") {
				t.Fatalf("unsafe link %q from %q", sp.Href, s)
			}
		}
	})
}
