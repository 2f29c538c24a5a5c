package client

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Search finds, among the clients the actor may see, those whose name, its
// pinyin or initials, a contact's name or a phone match q, best first, at
// most limit (default 10, at most 50). The strategy follows the query:
//   - Han characters: one character is a prefix probe of the one-character
//     and two-character keys, two are one exact key, more are the rarest of
//     their pairs checked against the whole query;
//   - digits: a phone's first digits, or (from four digits) its last ones;
//   - letters: a prefix of a name's pinyin, initials or Latin words from any
//     syllable or word on ("hwkj", "huawei", "acme trad"), then typo
//     corrections of each word (Huawie, acme tradng) as fuzzy matches.
func (s *Store) Search(ctx context.Context, actor access.Actor, q string, limit int) ([]Match, error) {
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 50)
	scope := scopeOf(actor)
	units := queryUnits(q)
	if scope < 0 || len(units) == 0 {
		return nil, nil
	}
	var hits []hit
	var err error
	start := time.Now()
	switch {
	case hasHan(units):
		hits, err = s.searchHan(ctx, scope, units, limit)
		s.searched("han", start)
	case allDigits(units):
		hits, err = s.searchDigits(ctx, scope, joinUnits(units), limit)
		s.searched("digits", start)
	default:
		hits, err = s.searchLetters(ctx, scope, units, limit)
		s.searched("letters", start)
	}
	if err != nil {
		return nil, err
	}
	return toMatches(hits, limit), nil
}

// queryUnits is the units of a query, legal-form endings dropped as in
// names ("华为公司" searches 华为), and so is the start of one ("科技有限"
// searches 科技): names are indexed without them.
func queryUnits(q string) []unit {
	units := stripSuffixes(splitUnits(q))
	for n := min(5, len(units)-1); n >= 2; n-- {
		tail := hanText(units[len(units)-n:])
		for _, form := range []string{"股份有限公司", "有限责任公司", "有限公司", "集团公司"} {
			if tail != "" && strings.HasPrefix(form, tail) {
				return units[:len(units)-n]
			}
		}
	}
	return units
}

func hasHan(units []unit) bool {
	for _, u := range units {
		if u.han {
			return true
		}
	}
	return false
}

func allDigits(units []unit) bool {
	for _, u := range units {
		if u.han || strings.Trim(u.text, "0123456789") != "" {
			return false
		}
	}
	return true
}

// searchHan looks a query with Han characters up by its Han pairs.
func (s *Store) searchHan(ctx context.Context, scope int64, units []unit, limit int) ([]hit, error) {
	var pairs []string
	first := ""
	for i, u := range units {
		if !u.han {
			continue
		}
		if first == "" {
			first = u.text
		}
		if i+1 < len(units) && units[i+1].han {
			pairs = append(pairs, u.text+units[i+1].text)
		}
	}
	whole := len(units) == 1 || len(units) == 2 && len(pairs) == 1
	p := probe{keys: []string{first}, prefix: true} // a lone character starts its keys
	switch {
	case len(pairs) == 1:
		p = probe{keys: pairs[:1]}
	case len(pairs) > 1:
		key, err := rarest(ctx, s.db, scope, pairs)
		if err != nil {
			return nil, err
		}
		p = probe{keys: []string{key}}
	}
	if !whole {
		p.verify = likeContains(joinUnits(units))
	}
	return p.run(ctx, s.db, scope, limit)
}

// searchDigits looks digits up as the start of a key (a phone's first
// digits, a number in a name) and, from four digits on, as a phone's end.
func (s *Store) searchDigits(ctx context.Context, scope int64, digits string, limit int) ([]hit, error) {
	digits = phoneTail(digits)
	p := probe{keys: []string{digits}, prefix: len(digits) >= 3}
	if len(digits) >= minPhoneQuery {
		p.keys = append(p.keys, reversedPhone(digits))
	}
	return p.run(ctx, s.db, scope, limit)
}

// toMatches keeps each client's best hit and orders them best first.
func toMatches(hits []hit, limit int) []Match {
	best := map[int64]Match{}
	for _, h := range hits {
		m := Match{ClientID: h.ClientID, Name: h.Name, Tier: h.Tier, Stage: h.Stage, OwnerName: h.OwnerName,
			TeamID: h.TeamID, Visible: true, Reason: reasonOf(h), Score: scoreOf(h)}
		if old, ok := best[h.ClientID]; !ok || m.Score > old.Score {
			best[h.ClientID] = m
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ClientID < out[j].ClientID
	})
	return out[:min(len(out), limit)]
}

// scoreOf maps a rank to (0.5, 1], and divides a fuzzy hit's by one more
// than its number of corrected typos: any direct hit beats any correction.
func scoreOf(h hit) float64 {
	sc := 1 - float64(h.Rank)/1e7
	if h.fuzzy {
		sc /= float64(1 + max(h.Edits, 1))
	}
	return sc
}

func reasonOf(h hit) string {
	if h.fuzzy {
		return "fuzzy"
	}
	switch kindOfRank(h.Rank) {
	case kindName:
		return "name"
	case kindPinyin:
		return "pinyin"
	case kindInitials:
		return "initials"
	case kindContact:
		return "contact"
	case kindPhone:
		return "phone"
	}
	return "name"
}
