package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func copyClients(ctx context.Context, pool *pgxpool.Pool, cs []company, keys []client.Keys, now time.Time) error {
	i := 0
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"clients"},
		[]string{"id", "team_id", "owner_id", "name", "industry", "tier", "stage", "created_at", "updated_at",
			"last_contact_at", "next_review_on", "norm_name", "search_key"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(cs) {
				return nil, nil
			}
			c, k := cs[i], keys[i]
			i++
			review := now.AddDate(0, 0, client.ReviewCadence(c.tier)).Truncate(24 * time.Hour)
			return []any{c.id, c.team, c.owner, c.name, c.industry, c.tier, c.stage, c.created, c.created,
				c.lastContact, review, k.NormName, k.SearchKey}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy clients: %w", err)
	}
	return nil
}

func copyContacts(ctx context.Context, pool *pgxpool.Pool, cs []company, now time.Time) error {
	i, j := 0, 0
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"contacts"},
		[]string{"client_id", "name", "position", "phone", "phone_digits", "is_primary", "created_at", "updated_at"},
		pgx.CopyFromFunc(func() ([]any, error) {
			for i < len(cs) && j == len(cs[i].contacts) {
				i, j = i+1, 0
			}
			if i == len(cs) {
				return nil, nil
			}
			p := cs[i].contacts[j]
			j++
			return []any{cs[i].id, p.name, p.position, p.phone, strings.ReplaceAll(p.phone, "-", ""), j == 1,
				cs[i].created, cs[i].created}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy contacts: %w", err)
	}
	return nil
}

// copyTerms copies the terms of every parts-th company from part on, so
// that several connections share the biggest table.
func copyTerms(ctx context.Context, pool *pgxpool.Pool, cs []company, keys []client.Keys, part, parts int) error {
	i, j := part, 0
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"client_terms"}, []string{"term", "team_id", "client_id", "rank"},
		pgx.CopyFromFunc(func() ([]any, error) {
			for i < len(cs) && j == len(keys[i].Terms) {
				i, j = i+parts, 0
			}
			if i >= len(cs) {
				return nil, nil
			}
			t := keys[i].Terms[j]
			j++
			return []any{t.Key, cs[i].team, cs[i].id, t.Rank}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy terms: %w", err)
	}
	return nil
}

// copyWords fills the typo dictionary with the distinct words of all names.
func copyWords(ctx context.Context, pool *pgxpool.Pool, keys []client.Keys) error {
	seen := map[string]bool{}
	var rows [][]any
	for _, k := range keys {
		for _, w := range k.Words {
			if seen[w] {
				continue
			}
			seen[w] = true
			for _, v := range client.WordVariants(w) {
				rows = append(rows, []any{v, w})
			}
		}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"search_words"}, []string{"variant", "word"},
		pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy words: %w", err)
	}
	return nil
}
