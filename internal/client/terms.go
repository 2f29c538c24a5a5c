package client

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The kinds of term, the leading part of a term's rank: a lower kind is a
// better match, so a hit on the name itself sorts before a hit on its pinyin,
// its initials, a contact or a phone.
const (
	kindName     = iota // the name's Han characters and Latin words
	kindPinyin          // the name's pinyin, from a syllable on
	kindInitials        // the initials of the name's syllables and words
	kindContact         // a contact's name or its pinyin
	kindPhone           // a contact's phone, by its first or last digits
)

const (
	maxTermBytes  = 32  // longer keys are cut; longer queries are checked against search_key
	maxKeyBytes   = 400 // search_key holds a name's pinyin, at most 200 syllables long
	maxIndexed    = 20  // contacts indexed per client
	minPhoneQuery = 4   // digits needed to look a phone up by a fragment
)

// Term is one row of the search index: a key a query can hit, and the rank of
// that hit (lower is better).
type Term struct {
	Key  string
	Rank int32
}

// rankOf orders hits: by kind, then by where in the name the key starts (a
// hit at the start of the name is better), then by the name's length (the
// shorter name is the closer match).
func rankOf(kind, pos, length int) int32 {
	return int32(kind*1_000_000 + min(pos, 99)*10_000 + min(length, 9_999)) //nolint:gosec // G115: kind is one of the five kinds, so the sum is below 5,000,000
}

func kindOfRank(rank int32) int { return int(rank / 1_000_000) }

// ContactKey is what the search index needs of a contact.
type ContactKey struct {
	Name  string
	Phone string
}

// Keys is everything the search index stores for one client.
type Keys struct {
	NormName  string   // Normalize(name): equal names are duplicates
	SearchKey string   // the name as typed on a Latin keyboard (pinyin and Latin words), for trigram similarity
	Terms     []Term   // the client's rows in client_terms
	Words     []string // the words this name adds to the typo dictionary
}

// IndexKeys computes the search keys of a client from its name and its
// contacts. For 深圳市华为科技有限公司 the terms are the Han bigrams (深圳,
// 圳市 ... 科技) and the last character, the pinyin from every syllable on
// (shenzhenshihuaweikeji ... huaweikeji ... ji), the initials from every
// syllable on (szshwkj ... hwkj, kj); for each contact the same for the
// contact's name, and the phone's last 11 digits forwards and backwards.
func IndexKeys(name string, contacts []ContactKey) Keys {
	units := nameUnits(name)
	ascii := asciiForms(units)
	set := termSet{}
	set.han(units, kindName)
	set.suffixes(units, ascii, kindPinyin, kindName, true)
	set.initials(units, ascii)
	for _, c := range contacts[:min(len(contacts), maxIndexed)] {
		cu := splitUnits(c.Name)
		set.han(cu, kindContact)
		set.suffixes(cu, asciiForms(cu), kindContact, kindContact, false)
		if d := phoneTail(digitsOf(c.Phone)); len(d) >= minPhoneQuery {
			set.add(d, rankOf(kindPhone, 0, 0))
			set.add(reversedPhone(d), rankOf(kindPhone, 0, 0))
		}
	}
	return Keys{
		NormName:  joinUnits(units),
		SearchKey: capBytes(strings.Join(ascii, ""), maxKeyBytes),
		Terms:     set.sorted(),
		Words:     dictionaryWords(units, ascii),
	}
}

// termSet collects terms, keeping each key's best rank.
type termSet map[string]int32

func (s termSet) add(key string, rank int32) {
	if key == "" {
		return
	}
	if r, ok := s[key]; !ok || rank < r {
		s[key] = rank
	}
}

// han adds every bigram of adjacent Han characters, and each character that
// ends a run of Han characters: a one-character query then finds its
// character as the start of a key.
func (s termSet) han(units []unit, kind int) {
	for i, u := range units {
		if !u.han {
			continue
		}
		if i+1 < len(units) && units[i+1].han {
			s.add(u.text+units[i+1].text, rankOf(kind, i, len(units)))
		} else {
			s.add(u.text, rankOf(kind, i, len(units)))
		}
	}
}

// suffixes adds the Latin-keyboard form of units from unit i to the end, cut
// to maxTermBytes, for every i (all) or for the first unit and each Latin
// word (contacts: "wei" alone would find every 伟). A prefix of the query is
// then a prefix of some key.
func (s termSet) suffixes(units []unit, ascii []string, hanKind, latinKind int, all bool) {
	for i := range units {
		if ascii[i] == "" || !all && i > 0 && units[i].han {
			continue
		}
		var b strings.Builder
		for _, a := range ascii[i:] {
			b.WriteString(a)
			if b.Len() >= maxTermBytes {
				break
			}
		}
		kind := latinKind
		if units[i].han {
			kind = hanKind
		}
		s.add(capBytes(b.String(), maxTermBytes), rankOf(kind, i, len(units)))
	}
}

// initials adds the string of first letters (华为科技 -> hwkj) from every
// unit on, when the name has Han characters. Single letters are left out.
func (s termSet) initials(units []unit, ascii []string) {
	hasHan := false
	for _, u := range units {
		hasHan = hasHan || u.han
	}
	if !hasHan {
		return
	}
	var letters []rune
	var pos []int
	for i, a := range ascii {
		if r, _ := utf8.DecodeRuneInString(a); a != "" {
			letters = append(letters, r)
			pos = append(pos, i)
		}
	}
	for j := range letters {
		if len(letters)-j >= 2 {
			s.add(capBytes(string(letters[j:]), maxTermBytes), rankOf(kindInitials, pos[j], len(units)))
		}
	}
}

func (s termSet) sorted() []Term {
	out := make([]Term, 0, len(s))
	for k, r := range s {
		out = append(out, Term{Key: k, Rank: r})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// reversedPhone is the key that finds a phone by its last digits: "~"
// cannot start any other key.
func reversedPhone(digits string) string {
	b := []byte(digits)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return "~" + string(b)
}

// dictionaryWords returns the words of a name a user may mistype: its Latin
// words of three letters or more, and the pinyin of each pair of adjacent Han
// characters (华为 -> huawei).
func dictionaryWords(units []unit, ascii []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if n := len(w); n >= 3 && n <= maxTermBytes && !seen[w] && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			seen[w] = true
			out = append(out, w)
		}
	}
	for i, u := range units {
		switch {
		case !u.han:
			add(u.text)
		case i+1 < len(units) && units[i+1].han && ascii[i] != "" && ascii[i+1] != "":
			add(ascii[i] + ascii[i+1])
		}
	}
	return out
}

// capBytes cuts s to at most n bytes without splitting a character.
func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
