package telegramtest

import (
	"strings"
	"testing"
)

func TestParseTextFollowsTelegramMarkupRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text, mode string
		visible, problem string // problem: substring of the reason, "" = parses
	}{
		{"plain text is untouched", "a < b & c", "", "a < b & c", ""},
		{"HTML tags and entities", `<b>客户</b> &lt;A&gt; &amp; <a href="https://x.cn/?a=1&b=2">链接</a>`, "HTML", "客户 <A> & 链接", ""},
		{"HTML nested tags", "<b><i>x</i></b>", "html", "x", ""},
		{"HTML bare ampersand stays", "R&D", "HTML", "R&D", ""},
		{"HTML unescaped less-than", "a < b", "HTML", "", `Unsupported start tag "" at byte offset 2`},
		{"HTML unknown tag", "<div>x</div>", "HTML", "", `Unsupported start tag "div"`},
		{"HTML unclosed tag", "<b>x", "HTML", "", `Can't find end tag corresponding to start tag "b"`},
		{"HTML crossed tags", "<b><i>x</b></i>", "HTML", "", "Unmatched end tag"},
		{"HTML stray end tag", "x</b>", "HTML", "", "Unexpected end tag at byte offset 1"},
		{"MarkdownV2 formatting", `*粗体* _斜体_ __下划线__ ~删除~ ||剧透|| \.`, "MarkdownV2", "粗体 斜体 下划线 删除 剧透 .", ""},
		{"MarkdownV2 link keeps URL out", "[官网](https://x.cn/a-b.c)", "MarkdownV2", "官网", ""},
		{"MarkdownV2 code needs no escapes", "`a.b-c`", "MarkdownV2", "a.b-c", ""},
		{"MarkdownV2 unescaped minus", "电话 138-0000", "MarkdownV2", "", "Character '-' is reserved"},
		{"MarkdownV2 unclosed bold", "*粗体", "MarkdownV2", "", "Can't find end of Bold entity at byte offset 0"},
		{"legacy Markdown is not checked", "1.5 - x", "Markdown", "1.5 - x", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			visible, problem := parseText(tc.text, tc.mode)
			if tc.problem != "" {
				if !strings.Contains(problem, tc.problem) {
					t.Fatalf("problem = %q, want %q", problem, tc.problem)
				}
				return
			}
			if problem != "" || visible != tc.visible {
				t.Fatalf("parseText = %q, %q; want %q", visible, problem, tc.visible)
			}
		})
	}
}
