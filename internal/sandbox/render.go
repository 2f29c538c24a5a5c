package sandbox

import (
	"html"
	"net/url"
	"strings"
)

// Span is a run of a message's visible text with its formatting. The page
// draws spans as text nodes, never as markup: whatever a client's name
// holds, it cannot become HTML in the visitor's browser.
type Span struct {
	Text      string `json:"text"`
	Bold      bool   `json:"b,omitempty"`
	Italic    bool   `json:"i,omitempty"`
	Underline bool   `json:"u,omitempty"`
	Strike    bool   `json:"s,omitempty"`
	Code      bool   `json:"code,omitempty"`
	Pre       bool   `json:"pre,omitempty"`
	Spoiler   bool   `json:"spoiler,omitempty"`
	Quote     bool   `json:"quote,omitempty"`
	// Href is a link's target: http, https or tg URLs only.
	Href string `json:"href,omitempty"`
}

// Spans turns a message text as the bot sent it into spans: for parse mode
// HTML, the tags Telegram allows become formatting and entities are decoded;
// anything else is shown as the text it is. The emulator has already refused
// markup Telegram would refuse, so this reads it leniently.
func Spans(text, parseMode string) []Span {
	if !strings.EqualFold(parseMode, "html") {
		return []Span{{Text: text}}
	}
	var (
		out   []Span
		stack []tag
		buf   strings.Builder
	)
	flush := func() {
		if buf.Len() == 0 {
			return
		}
		sp := styled(stack)
		sp.Text = html.UnescapeString(buf.String())
		buf.Reset()
		if n := len(out); n > 0 && sameStyle(out[n-1], sp) {
			out[n-1].Text += sp.Text
			return
		}
		out = append(out, sp)
	}
	for i := 0; i < len(text); {
		if text[i] != '<' {
			j := strings.IndexByte(text[i:], '<')
			if j < 0 {
				j = len(text) - i
			}
			buf.WriteString(text[i : i+j])
			i += j
			continue
		}
		t, n, ok := readTag(text[i:])
		if !ok {
			buf.WriteString(html.EscapeString("<")) // a stray "<" is text
			i++
			continue
		}
		flush()
		i += n
		if t.closing {
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].name == t.name {
					stack = stack[:k]
					break
				}
			}
			continue
		}
		stack = append(stack, t)
	}
	flush()
	return out
}

// tag is an allowed start or end tag.
type tag struct {
	name    string
	closing bool
	href    string // <a href>
	spoiler bool   // <span class="tg-spoiler">
}

// allowedTags are the tags Telegram's HTML parse mode knows.
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true, "del": true,
	"a": true, "code": true, "pre": true, "span": true, "tg-spoiler": true, "tg-emoji": true, "blockquote": true,
}

// readTag reads an allowed tag at the start of s and its length in bytes.
func readTag(s string) (tag, int, bool) {
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return tag{}, 0, false
	}
	body := strings.TrimSpace(s[1:end])
	t := tag{}
	if rest, ok := strings.CutPrefix(body, "/"); ok {
		t.closing, body = true, strings.TrimSpace(rest)
	}
	name, attrs, _ := strings.Cut(body, " ")
	t.name = strings.ToLower(name)
	if !allowedTags[t.name] {
		return tag{}, 0, false
	}
	switch t.name {
	case "a":
		t.href = safeHref(attr(attrs, "href"))
	case "span":
		t.spoiler = attr(attrs, "class") == "tg-spoiler"
	case "tg-spoiler":
		t.spoiler = true
	}
	return t, end + 1, true
}

// attr reads one attribute's value from a tag's attributes.
func attr(attrs, name string) string {
	i := strings.Index(strings.ToLower(attrs), name+"=")
	if i < 0 {
		return ""
	}
	v := attrs[i+len(name)+1:]
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		if j := strings.IndexByte(v[1:], q); j >= 0 {
			return html.UnescapeString(v[1 : j+1])
		}
		return ""
	}
	v, _, _ = strings.Cut(v, " ")
	return html.UnescapeString(v)
}

// safeHref keeps a link only when it goes where a chat link may.
func safeHref(h string) string {
	u, err := url.Parse(h)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "tg":
		return u.String()
	}
	return ""
}

func styled(stack []tag) Span {
	var sp Span
	for _, t := range stack {
		switch t.name {
		case "b", "strong":
			sp.Bold = true
		case "i", "em":
			sp.Italic = true
		case "u", "ins":
			sp.Underline = true
		case "s", "strike", "del":
			sp.Strike = true
		case "code":
			sp.Code = true
		case "pre":
			sp.Pre = true
		case "blockquote":
			sp.Quote = true
		case "a":
			sp.Href = t.href
		}
		if t.spoiler {
			sp.Spoiler = true
		}
	}
	return sp
}

func sameStyle(a, b Span) bool {
	a.Text, b.Text = "", ""
	return a == b
}
