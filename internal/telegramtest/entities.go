package telegramtest

import (
	"fmt"
	"html"
	"strings"
)

// parseText returns the text a user would see and, when the markup does not
// parse, Telegram's reason (then the visible text is the raw one). The checks
// follow tdlib's parsers closely enough to catch the usual bot bugs: an
// unescaped "<" in HTML, a "." or "-" left unescaped in MarkdownV2.
func parseText(text, parseMode string) (visible, problem string) {
	switch strings.ToLower(parseMode) {
	case "html":
		visible, problem = parseHTML(text)
	case "markdownv2":
		visible, problem = parseMarkdownV2(text)
	default:
		return text, ""
	}
	if problem != "" {
		return text, problem
	}
	return visible, ""
}

var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true, "del": true,
	"u": true, "ins": true, "tg-spoiler": true, "tg-emoji": true, "span": true, "pre": true, "code": true,
	"blockquote": true,
}

func parseHTML(text string) (string, string) {
	var out strings.Builder
	var open []string
	for i := 0; i < len(text); {
		c := text[i]
		if c == '&' {
			if j := strings.IndexByte(text[i:], ';'); j > 1 && j <= 10 {
				ent := text[i : i+j+1]
				if dec := html.UnescapeString(ent); dec != ent {
					out.WriteString(dec)
					i += j + 1
					continue
				}
			}
		}
		if c != '<' {
			out.WriteByte(c)
			i++
			continue
		}
		begin := i
		i++
		if i < len(text) && text[i] == '/' {
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				return "", fmt.Sprintf("Unclosed end tag at byte offset %d", begin)
			}
			name := strings.ToLower(strings.TrimSpace(text[i+1 : i+j]))
			i += j + 1
			if len(open) == 0 {
				return "", fmt.Sprintf("Unexpected end tag at byte offset %d", begin)
			}
			if want := open[len(open)-1]; name != want {
				return "", fmt.Sprintf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, want, name)
			}
			open = open[:len(open)-1]
			continue
		}
		j := i
		for j < len(text) && !strings.ContainsRune(" \t\r\n>", rune(text[j])) {
			j++
		}
		if j == len(text) {
			return "", fmt.Sprintf("Unclosed start tag at byte offset %d", begin)
		}
		name := strings.ToLower(text[i:j])
		if !htmlTags[name] {
			return "", fmt.Sprintf("Unsupported start tag \"%s\" at byte offset %d", name, begin)
		}
		var quote byte
		for ; j < len(text); j++ {
			ch := text[j]
			if quote != 0 {
				if ch == quote {
					quote = 0
				}
				continue
			}
			if ch == '"' || ch == '\'' {
				quote = ch
			} else if ch == '>' {
				break
			}
		}
		if j == len(text) {
			return "", fmt.Sprintf("Unclosed start tag at byte offset %d", begin)
		}
		open = append(open, name)
		i = j + 1
	}
	if len(open) > 0 {
		return "", fmt.Sprintf("Can't find end tag corresponding to start tag \"%s\"", open[len(open)-1])
	}
	return out.String(), ""
}

var mdEntityNames = map[string]string{"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough", "||": "Spoiler"}

func parseMarkdownV2(text string) (string, string) {
	var out strings.Builder
	open := map[string]int{} // marker -> byte offset of its start
	link := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text) && text[i+1] > 0 && text[i+1] < 127:
			i++
			out.WriteByte(text[i])
		case c == '`':
			fence, name := "`", "Code"
			if strings.HasPrefix(text[i:], "```") {
				fence, name = "```", "Pre"
			}
			end := unescapedIndex(text, i+len(fence), fence)
			if end < 0 {
				return "", fmt.Sprintf("Can't find end of %s entity at byte offset %d", name, i)
			}
			out.WriteString(strings.NewReplacer("\\\\", "\\", "\\`", "`").Replace(text[i+len(fence) : end]))
			i = end + len(fence) - 1
		case c == '[' && link < 0:
			link = i
		case c == ']' && link >= 0:
			link = -1
			if i+1 < len(text) && text[i+1] == '(' {
				end := unescapedIndex(text, i+2, ")")
				if end < 0 {
					return "", fmt.Sprintf("Can't find end of a URL at byte offset %d", i+1)
				}
				i = end
			}
		case c == '*' || c == '_' || c == '~' || (c == '|' && i+1 < len(text) && text[i+1] == '|'):
			marker := string(c)
			if (c == '_' || c == '|') && i+1 < len(text) && text[i+1] == c {
				marker += string(c)
				i++
			}
			if _, ok := open[marker]; ok {
				delete(open, marker)
			} else {
				open[marker] = i + 1 - len(marker)
			}
		case c == '>' && (i == 0 || text[i-1] == '\n'):
		case strings.IndexByte("_*[]()~`>#+-=|{}.!", c) >= 0:
			return "", fmt.Sprintf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		default:
			out.WriteByte(c)
		}
	}
	if link >= 0 {
		return "", fmt.Sprintf("Can't find end of TextUrl entity at byte offset %d", link)
	}
	first := ""
	for marker, at := range open {
		if first == "" || at < open[first] {
			first = marker
		}
	}
	if first != "" {
		return "", fmt.Sprintf("Can't find end of %s entity at byte offset %d", mdEntityNames[first], open[first])
	}
	return out.String(), ""
}

// unescapedIndex finds sep at or after from, skipping backslash escapes.
func unescapedIndex(text string, from int, sep string) int {
	for i := from; i < len(text); i++ {
		if text[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(text[i:], sep) {
			return i
		}
	}
	return -1
}
