package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/mozillazg/go-pinyin"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// queryKind makes one kind of query from a company (ok false when the
// company does not suit the kind, such as a Latin name for a Han query).
type queryKind struct {
	name string
	make func(r *rand.Rand, c company) (q string, ok bool)
}

var queryKinds = []queryKind{
	{"han 2 chars (substring)", func(r *rand.Rand, c company) (string, bool) {
		s := []rune(c.brand + c.industry)
		if c.latin {
			return "", false
		}
		i := r.IntN(len(s) - 1)
		return string(s[i : i+2]), true
	}},
	{"han 1 char", func(r *rand.Rand, c company) (string, bool) {
		return string(pick(r, []rune(c.brand))), !c.latin
	}},
	{"han brand (2-4 chars)", func(_ *rand.Rand, c company) (string, bool) { return c.brand, !c.latin }},
	{"pinyin initials", func(_ *rand.Rand, c company) (string, bool) {
		var b strings.Builder
		for _, p := range pinyin.LazyPinyin(c.brand+c.industry, pinyin.Args{Style: pinyin.FirstLetter}) {
			b.WriteString(p)
		}
		return b.String(), !c.latin
	}},
	{"pinyin full (brand)", func(_ *rand.Rand, c company) (string, bool) {
		return strings.Join(pinyin.LazyPinyin(c.brand, pinyin.NewArgs()), ""), !c.latin
	}},
	{"latin word", func(_ *rand.Rand, c company) (string, bool) { return strings.ToLower(c.brand), c.latin }},
	{"latin, one typo", func(r *rand.Rand, c company) (string, bool) {
		q := typo(r, strings.ToLower(c.brand))
		if r.IntN(2) == 0 {
			q += " " + strings.ToLower(c.industry)
		}
		return q, c.latin
	}},
	{"phone, first 8 digits", func(r *rand.Rand, c company) (string, bool) {
		return strings.ReplaceAll(pick(r, c.contacts).phone, "-", "")[:8], true
	}},
	{"phone, last 4 digits", func(r *rand.Rand, c company) (string, bool) {
		p := pick(r, c.contacts).phone
		return p[len(p)-4:], true
	}},
}

// typo makes one random edit to w: a swap, a deletion, an insertion or a
// substitution, never at the first letter.
func typo(r *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-2)
	c := "abcdefghijklmnopqrstuvwxyz"[r.IntN(26)]
	switch r.IntN(4) {
	case 0:
		b[i], b[i+1] = b[i+1], b[i]
	case 1:
		b = slices.Delete(b, i, i+1)
	case 2:
		b = slices.Insert(b, i, c)
	default:
		b[i] = c
	}
	return string(b)
}

// bench runs n searches of each kind as actor, with queries made from
// companies that actor can see, and prints the latency percentiles.
func bench(ctx context.Context, out io.Writer, store *client.Store, actor access.Actor, label string, cs []company, n, showMisses int, r *rand.Rand) error {
	var pool []company
	for _, c := range cs {
		if actor.CanSee(c.team) {
			pool = append(pool, c)
		}
	}
	fmt.Fprintf(out, "\n%s (%d visible clients), %d searches per kind, limit 10\n", label, len(pool), n)
	fmt.Fprintf(out, "| %-26s | %8s | %8s | %8s | %8s | %7s |\n", "query", "p50 ms", "p95 ms", "p99 ms", "results", "found")
	fmt.Fprintf(out, "|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 28), strings.Repeat("-", 10), strings.Repeat("-", 10),
		strings.Repeat("-", 10), strings.Repeat("-", 10), strings.Repeat("-", 9))
	for _, k := range queryKinds {
		var times []time.Duration
		results, found, misses := 0, 0, showMisses
		for len(times) < n {
			c := pick(r, pool)
			q, ok := k.make(r, c)
			if !ok {
				continue
			}
			start := time.Now()
			got, err := store.Search(ctx, actor, q, 10)
			times = append(times, time.Since(start))
			if err != nil {
				return fmt.Errorf("search %q: %w", q, err)
			}
			results += len(got)
			if slices.ContainsFunc(got, func(m client.Match) bool { return m.ClientID == c.id }) {
				found++
			} else if misses > 0 && len(got) < 10 {
				misses--
				fmt.Fprintf(out, "  miss: %q for %q (%d results)\n", q, c.name, len(got))
			}
		}
		slices.Sort(times)
		fmt.Fprintf(out, "| %-26s | %8.2f | %8.2f | %8.2f | %8.1f | %6.0f%% |\n", k.name,
			ms(pct(times, 50)), ms(pct(times, 95)), ms(pct(times, 99)),
			float64(results)/float64(n), 100*float64(found)/float64(n))
	}
	return nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchDuplicates runs n duplicate checks of an existing company's name with
// another legal form and one of its phones, the check made before a client
// is created, and prints the latency percentiles.
func benchDuplicates(ctx context.Context, out io.Writer, store *client.Store, actor access.Actor, cs []company, n int, r *rand.Rand) error {
	var times []time.Duration
	found := 0
	for range n {
		c := pick(r, cs)
		name := c.name + " 股份有限公司"
		start := time.Now()
		got, err := store.Duplicates(ctx, actor, name, pick(r, c.contacts).phone)
		times = append(times, time.Since(start))
		if err != nil {
			return fmt.Errorf("duplicates of %q: %w", name, err)
		}
		if slices.ContainsFunc(got, func(m client.Match) bool { return m.ClientID == c.id }) {
			found++
		}
	}
	slices.Sort(times)
	fmt.Fprintf(out, "\nDuplicates (whole ledger), %d checks: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, found %.0f%%\n",
		n, ms(pct(times, 50)), ms(pct(times, 95)), ms(pct(times, 99)), 100*float64(found)/float64(n))
	return nil
}

// benchDuplicateTypos runs n duplicate checks of an existing Latin-named
// company's name with one typo in its brand word and no phone: the check
// must correct the typo the way Search does to find it.
func benchDuplicateTypos(ctx context.Context, out io.Writer, store *client.Store, actor access.Actor, cs []company, n int, r *rand.Rand) error {
	var latin []company
	for _, c := range cs {
		if c.latin && c.team == cs[0].team {
			latin = append(latin, c)
		}
	}
	if len(latin) == 0 {
		return nil
	}
	var times []time.Duration
	found := 0
	for range n {
		c := pick(r, latin)
		name := strings.Replace(c.name, c.brand, typo(r, c.brand), 1)
		start := time.Now()
		got, err := store.Duplicates(ctx, actor, name, "")
		times = append(times, time.Since(start))
		if err != nil {
			return fmt.Errorf("duplicates of %q: %w", name, err)
		}
		if slices.ContainsFunc(got, func(m client.Match) bool { return m.ClientID == c.id }) {
			found++
		}
	}
	slices.Sort(times)
	fmt.Fprintf(out, "Duplicates of a Latin name with one typo, %d checks: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, found %.0f%%\n",
		n, ms(pct(times, 50)), ms(pct(times, 95)), ms(pct(times, 99)), 100*float64(found)/float64(n))
	return nil
}
