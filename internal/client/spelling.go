package client

import (
	"context"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Bounds on the corrections tried after a query found too little: each
// respelled query is one more key of one probe.
const (
	maxSpellings   = 8  // dictionary words tried for one typed word
	maxCorrections = 16 // respelled queries
)

// searchLetters looks a Latin-letter query up as a prefix of the keys (with
// spaces dropped: "acme trad" is a prefix of acmetrading), then tries typo
// corrections of its words when that found fewer than limit clients.
func (s *Store) searchLetters(ctx context.Context, scope int64, units []unit, limit int) ([]hit, error) {
	q := joinUnits(units)
	hits, err := letterProbe([]string{q}, nil, false).run(ctx, s.db, scope, limit)
	if err != nil || len(hits) >= limit {
		return hits, err
	}
	h, err := s.respelled(ctx, scope, units, limit)
	if err != nil {
		return nil, err
	}
	if hits = append(hits, h...); len(hits) > 0 {
		return hits, nil
	}
	// A typo late in a long query ("huaweikeij"): the longest prefix, down
	// to two thirds of the query, that still finds something.
	rs := []rune(q)
	var shorter []string
	var dropped []int
	for n := len(rs) - 1; len(rs) >= 6 && n >= (2*len(rs)+2)/3; n-- {
		shorter, dropped = append(shorter, string(rs[:n])), append(dropped, len(rs)-n)
	}
	return letterProbe(shorter, dropped, true).run(ctx, s.db, scope, limit)
}

// respelled finds, in scope, the clients a typo in the words of a Latin
// query hides: the query respelled with dictionary words one or two edits
// away (Huawie -> huawei), each respelling looked up as a key prefix. It is
// the typo tolerance of Search, which Duplicates shares so that a name
// Search would correct to a client also warns of that client.
func (s *Store) respelled(ctx context.Context, scope int64, units []unit, limit int) ([]hit, error) {
	words := make([]string, len(units))
	for i, u := range units {
		words[i] = u.text
	}
	queries, edits, err := s.corrections(ctx, words)
	if err != nil || len(queries) == 0 {
		return nil, err
	}
	return letterProbe(queries, edits, true).run(ctx, s.db, scope, limit)
}

// letterProbe is the probe of letter queries: prefixes of the keys, and,
// when the query as typed is longer than a key, a check of the whole query
// against the name's search_key (corrections, being guesses, go unchecked).
func letterProbe(qs []string, edits []int, fuzzy bool) probe {
	p := probe{edits: edits, prefix: true, fuzzy: fuzzy}
	for _, q := range qs {
		p.keys = append(p.keys, capBytes(q, maxTermBytes))
		if len(q) > maxTermBytes && !fuzzy {
			p.verify = likeContains(q) // one query: the check is its own
		}
		if len(q) < 2 {
			p.prefix = false // one letter: only the key that is that letter
		}
	}
	return p
}

// corrections returns the query (its words joined) respelled with
// dictionary words one or two edits from the typed ones, closest first,
// without the query as typed, and the edits each respelling makes.
func (s *Store) corrections(ctx context.Context, words []string) ([]string, []int, error) {
	words = words[:min(len(words), 4)]
	var variants []string
	for _, w := range words {
		if maxEdits(utf8.RuneCountInString(w)) > 0 {
			variants = append(variants, WordVariants(w)...)
		}
	}
	if len(variants) == 0 {
		return nil, nil, nil
	}
	rows, err := s.db.Query(ctx, `SELECT DISTINCT word FROM search_words WHERE variant = ANY($1)`, variants)
	if err != nil {
		return nil, nil, fmt.Errorf("look up spellings: %w", err)
	}
	dict, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, nil, fmt.Errorf("look up spellings: %w", err)
	}
	options := make([][]spelling, len(words))
	for i, w := range words {
		options[i] = spellingsOf(w, dict)
	}
	qs, edits := combine(options)
	return qs, edits, nil
}

// spelling is one way to read a typed word, and how many edits away it is.
type spelling struct {
	word  string
	edits int
}

// spellingsOf returns w as typed followed by the dictionary words close
// enough to it, closest first (a typo is rarely in the first letter), at
// most maxSpellings.
func spellingsOf(w string, dict []string) []spelling {
	limit := maxEdits(utf8.RuneCountInString(w))
	var found []spelling
	for _, d := range dict {
		if d == w {
			continue
		}
		if e := editDistance(w, d); e <= limit {
			found = append(found, spelling{d, e})
		}
	}
	first, _ := utf8.DecodeRuneInString(w)
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.edits != b.edits {
			return a.edits < b.edits
		}
		fa, _ := utf8.DecodeRuneInString(a.word)
		fb, _ := utf8.DecodeRuneInString(b.word)
		if (fa == first) != (fb == first) {
			return fa == first
		}
		return a.word < b.word
	})
	return append([]spelling{{w, 0}}, found[:min(len(found), maxSpellings)]...)
}

// combine returns the joined readings of the words, fewest edits first,
// leaving out the query as typed, at most maxCorrections, and their edits.
func combine(options [][]spelling) ([]string, []int) {
	type reading struct {
		text  string
		edits int
	}
	all := []reading{{"", 0}}
	for _, opts := range options {
		var next []reading
		for _, r := range all {
			for _, o := range opts {
				next = append(next, reading{r.text + o.word, r.edits + o.edits})
			}
		}
		all = next
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].edits < all[j].edits })
	var texts []string
	var edits []int
	for _, r := range all {
		if r.edits > 0 && len(texts) < maxCorrections {
			texts, edits = append(texts, r.text), append(edits, r.edits)
		}
	}
	return texts, edits
}
