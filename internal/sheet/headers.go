package sheet

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"golang.org/x/text/unicode/norm"
)

// maxHeaderRunes bounds the work on one header: a real header is a few
// words; anything longer is cut.
const maxHeaderRunes = 64

// maxSlot is the most contacts a row may carry in extra columns.
const maxSlot = 9

var (
	// reUnitSuffix is a trailing note in brackets: 金额(元), 金额（万元）,
	// 电话【必填】, Amount (CNY).
	reUnitSuffix = regexp.MustCompile(`\s*[(（\[【<《][^()（）\[\]【】<>《》]*[)）\]】>》]\s*$`)
	// reOrdinal finds what numbers a repeated contact column: 联系人2,
	// 第二联系人, 联系人二电话, second contact, contact 2nd.
	reOrdinal = regexp.MustCompile(`\d(?:nd|rd|th)|second|third|fourth|fifth|第?(?:[0-9]+|[一二三四五六七八九十])`)
)

// generalIndex and kindIndex are the synonym tables folded for lookup.
var (
	generalIndex = index(synonyms, labels)
	kindIndex    = func() map[Kind]map[string]Field {
		m := make(map[Kind]map[string]Field, len(kindSynonyms))
		for k, syn := range kindSynonyms {
			m[k] = index(syn, nil)
		}
		return m
	}()
)

// index folds every synonym, and both languages of every label, to the
// field it names.
func index(syn map[Field][]string, lbl map[Field]i18n.Text) map[string]Field {
	m := map[string]Field{}
	for f, words := range syn {
		for _, w := range words {
			m[fold(w)] = f
		}
	}
	for f, t := range lbl {
		m[fold(t.ZH)], m[fold(t.EN)] = f, f
	}
	return m
}

// fold is how headers and enumeration values are compared: width folded
// (NFKC: full-width letters, digits and brackets), lower case, a trailing
// note in brackets and a colon or star dropped, then everything but letters
// and digits removed.
func fold(s string) string {
	if len(s) > 4*maxHeaderRunes {
		s = s[:4*maxHeaderRunes]
	}
	s = strings.ToLower(norm.NFKC.String(strings.ToValidUTF8(s, "")))
	s = strings.TrimRight(strings.TrimSpace(s), ":*＊")
	s = reUnitSuffix.ReplaceAllString(s, "")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			if n++; n == maxHeaderRunes {
				break
			}
		}
	}
	return b.String()
}

// SheetName returns the name the export gives a sheet of kind k in l, one
// that Guess recognises: "客户" / "Clients".
func SheetName(k Kind, l i18n.Lang) string { return sheetNames[k].In(l) }

// Label returns the field's header in l: "客户名称" / "Client name". It is
// the field's code for a field it does not know.
func Label(f Field, l i18n.Lang) string {
	if t, ok := labels[f]; ok {
		return t.In(l)
	}
	return string(f)
}

// TemplateHeaders returns the header row the template shows and the export
// writes for a sheet of kind k: every field of Fields(k), labelled in l.
func TemplateHeaders(k Kind, l i18n.Lang) []string {
	fs := fieldsOf[k]
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = Label(f, l)
	}
	return out
}

// Guess picks the kind of a sheet from its name and headers, and maps each
// header to a column. Unknown headers, headers of fields a sheet of that
// kind does not hold, and a second column for a field already mapped (other
// than a contact's) map to Column{} (ignored). Contact columns get a slot:
// an explicit number (联系人2, 第二联系人, Phone 2) chooses it, otherwise a
// column joins the contact of the last 联系人 column before it.
func Guess(sheetName string, headers []string) (Kind, []Column) {
	k := guessKind(sheetName, headers)
	allowed := map[Field]bool{}
	for _, f := range fieldsOf[k] {
		allowed[f] = true
	}
	cols := make([]Column, len(headers))
	taken := map[Column]bool{}
	current := 0 // the contact the columns without a number belong to
	for i, h := range headers {
		f, slot, explicit := lookup(k, h)
		if f == "" || !allowed[f] {
			continue
		}
		if !f.IsContact() {
			if c := (Column{Field: f}); !taken[c] {
				cols[i], taken[c] = c, true
			}
			continue
		}
		if !explicit {
			slot = current
		}
		for slot <= maxSlot && taken[Column{f, slot}] {
			slot++
		}
		if slot > maxSlot {
			continue
		}
		if f == ContactName {
			current = slot
		}
		cols[i] = Column{f, slot}
		taken[cols[i]] = true
	}
	return k, cols
}

// lookup maps one header in a sheet of kind k: the field, and the contact
// slot an ordinal in the header names (explicit).
func lookup(k Kind, header string) (f Field, slot int, explicit bool) {
	h := fold(header)
	if h == "" {
		return "", 0, false
	}
	if f := find(k, h); f != "" {
		return f, 0, false
	}
	for _, loc := range reOrdinal.FindAllStringSubmatchIndex(h, 3) {
		rest := h[:loc[0]] + h[loc[1]:]
		f := find(k, rest)
		if f == "" || !f.IsContact() {
			continue
		}
		n := ordinal(h[loc[0]:loc[1]])
		if n < 1 || n > maxSlot+1 {
			return "", 0, false
		}
		return f, n - 1, true
	}
	return "", 0, false
}

// find looks a folded header up in k's own table, then the general one.
func find(k Kind, h string) Field {
	if f, ok := kindIndex[k][h]; ok {
		return f
	}
	return generalIndex[h]
}

// ordinal reads the number reOrdinal matched: 2, 第二, 二, second, 2nd.
func ordinal(s string) int {
	s = strings.TrimPrefix(s, "第")
	switch s {
	case "second":
		return 2
	case "third":
		return 3
	case "fourth":
		return 4
	case "fifth":
		return 5
	}
	s = strings.TrimRight(s, "ndrth")
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return strings.Index("一二三四五六七八九十", s)/len("一") + 1
}

// guessKind reads the kind from the sheet's name, else from its headers:
// the kind with most headers of its own (deal and visit fields against the
// client's profile and contacts), clients when nothing tells.
func guessKind(sheetName string, headers []string) Kind {
	name := fold(sheetName)
	for _, kw := range kindWords {
		for _, w := range kw.words {
			if strings.Contains(name, fold(w)) {
				return kw.kind
			}
		}
	}
	score := map[Kind]int{}
	for _, h := range headers {
		switch f := generalIndex[fold(h)]; {
		case f == "" || f == ClientID || f == ClientName || f == Needs:
			// in every kind of sheet (备注 too, as a deal's or visit's notes)
		case strings.HasPrefix(string(f), "deal."):
			score[Deals]++
		case strings.HasPrefix(string(f), "visit."):
			score[Visits]++
		default:
			score[Clients]++
		}
	}
	best := Clients
	for _, k := range []Kind{Deals, Visits} {
		if score[k] > score[best] {
			best = k
		}
	}
	return best
}
