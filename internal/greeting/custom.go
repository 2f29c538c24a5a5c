package greeting

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/holiday"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

const customColumns = `id, name_zh, name_en, month, day, coalesce(year, 0) AS year,
	coalesce(created_by, 0) AS created_by, created_at`

// AddCustom adds a custom occasion (admins only; access.ErrForbidden). name
// is one name for both languages or "中文 / English"; spec is "MM-DD" for
// every year or "YYYY-MM-DD" for once (also 2月14日, 2027年2月14日, 2/14,
// full-width digits). A bad name, an impossible day or a one-off date in the
// past or more than five years ahead is ErrInvalid.
func (s *Store) AddCustom(ctx context.Context, actor access.Actor, name string, spec string) (Custom, error) {
	if err := adminOnly(actor); err != nil {
		return Custom{}, fmt.Errorf("add custom date: %w", err)
	}
	zh, en, err := ParseName(name)
	if err != nil {
		return Custom{}, fmt.Errorf("add custom date: %w", err)
	}
	year, month, day, err := ParseSpec(spec, s.today())
	if err != nil {
		return Custom{}, fmt.Errorf("add custom date: %w", err)
	}
	var c Custom
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		now := s.now()
		rows, err := tx.Query(ctx, `INSERT INTO greeting_dates (name_zh, name_en, month, day, year, created_by, created_at)
			VALUES ($1, $2, $3, $4, nullif($5::int, 0), nullif($6::bigint, 0), $7) RETURNING `+customColumns,
			zh, en, month, day, year, actor.StaffID, now)
		if err != nil {
			return err
		}
		if c, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Custom]); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "greeting_date", EntityID: c.ID,
			Action: "create", At: now, Changes: map[string]any{"name_zh": zh, "name_en": en, "month": month, "day": day, "year": year}})
	})
	if err != nil {
		return Custom{}, fmt.Errorf("add custom date: %w", err)
	}
	return c, nil
}

// Customs returns every custom date, yearly ones first, each group by date.
func (s *Store) Customs(ctx context.Context) ([]Custom, error) {
	rows, err := s.db.Query(ctx, `SELECT `+customColumns+` FROM greeting_dates
		ORDER BY year NULLS FIRST, month, day, id`)
	if err != nil {
		return nil, fmt.Errorf("list custom dates: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Custom])
	if err != nil {
		return nil, fmt.Errorf("list custom dates: %w", err)
	}
	return out, nil
}

// DeleteCustom removes a custom date (admins only). A date that does not
// exist (or was deleted already) is ErrNotFound.
func (s *Store) DeleteCustom(ctx context.Context, actor access.Actor, id int64) error {
	if err := adminOnly(actor); err != nil {
		return fmt.Errorf("delete custom date: %w", err)
	}
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var zh string
		err := tx.QueryRow(ctx, `DELETE FROM greeting_dates WHERE id = $1 RETURNING name_zh`, id).Scan(&zh)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "greeting_date", EntityID: id,
			Action: "delete", At: s.now(), Changes: map[string]any{"name_zh": zh}})
	})
	if err != nil {
		return fmt.Errorf("delete custom date: %w", err)
	}
	return nil
}

// Occasions returns what is celebrated on day's calendar date: the built-in
// holidays, then the custom dates in the order they were added.
func (s *Store) Occasions(ctx context.Context, day time.Time) ([]holiday.Occasion, error) {
	d := dates.Day(day)
	return s.Upcoming(ctx, d, 1)
}

// Upcoming returns the occasions of the days days from from's calendar date
// on (from included), in date order, built-in ones first on a shared day.
func (s *Store) Upcoming(ctx context.Context, from time.Time, days int) ([]holiday.Occasion, error) {
	if days < 1 {
		return nil, nil
	}
	from = dates.Day(from)
	to := from.AddDate(0, 0, days-1)
	out := holiday.Between(from, to)
	cs, err := s.Customs(ctx)
	if err != nil {
		return nil, fmt.Errorf("occasions: %w", err)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	for y := from.Year(); y <= to.Year(); y++ {
		for _, c := range cs {
			d, ok := c.On(y)
			if ok && !d.Before(from) && !d.After(to) {
				out = append(out, c.Occasion(d))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

// On returns the day the custom date falls on in year y, if any: a yearly
// 02-29 falls on 02-28 in common years.
func (c Custom) On(y int) (time.Time, bool) {
	if c.Year != 0 && c.Year != y {
		return time.Time{}, false
	}
	m, d := c.Month, c.Day
	if m == 2 && d == 29 && !leap(y) {
		d = 28
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// Occasion is the custom date as an occasion on day.
func (c Custom) Occasion(day time.Time) holiday.Occasion {
	return holiday.Occasion{Key: "custom:" + strconv.FormatInt(c.ID, 10), Zh: c.NameZh, En: c.NameEn, Date: day}
}

// Spec is the custom date as AddCustom reads it: "MM-DD" or "YYYY-MM-DD".
func (c Custom) Spec() string {
	if c.Year == 0 {
		return fmt.Sprintf("%02d-%02d", c.Month, c.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", c.Year, c.Month, c.Day)
}
