package export

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// page is how many rows one FETCH brings: enough to keep the round trips
// few, few enough that a page's rows are a few megabytes at most.
const page = 5000

// stream runs query in tx as a server-side cursor and calls each with every
// row, fetching page rows at a time, so no more than a page of rows is held
// in memory whatever the query returns.
func stream(ctx context.Context, tx pgx.Tx, name, query string, args []any, each func(pgx.Rows) error) error {
	if _, err := tx.Exec(ctx, `DECLARE `+name+` NO SCROLL CURSOR FOR `+query, args...); err != nil {
		return fmt.Errorf("declare %s: %w", name, err)
	}
	for {
		rows, err := tx.Query(ctx, fmt.Sprintf(`FETCH %d FROM %s`, page, name))
		if err != nil {
			return fmt.Errorf("fetch %s: %w", name, err)
		}
		n := 0
		for rows.Next() {
			n++
			if err := each(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("fetch %s: %w", name, err)
		}
		if n < page {
			break
		}
	}
	if _, err := tx.Exec(ctx, `CLOSE `+name); err != nil {
		return fmt.Errorf("close %s: %w", name, err)
	}
	return nil
}
