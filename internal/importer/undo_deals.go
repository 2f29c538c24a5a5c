package importer

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// dealBuiltOn is the condition that someone has built on a deal d since the
// import (imp is the parameter holding the import's id as text, payments
// the one holding the payments it recorded): a payment the import did not
// record, or an audited change of the deal (its terms, a payment typed in
// the chat) not in the import's name. Undo keeps such a deal whole, the
// import's payment included: removing it would take the later payments
// with it, and the receivable a person has worked on would change under them.
func dealBuiltOn(imp, payments string) string {
	return `(EXISTS (SELECT 1 FROM deal_payments p WHERE p.deal_id = d.id AND p.id <> ALL(` + payments + `))
		OR EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'deal' AND a.entity_id = d.id
			AND (a.changes ->> 'import') IS DISTINCT FROM ` + imp + `::text))`
}

// keptDeals finds the deals the import added to clients that stay (those
// not among keptClients, the created clients kept whole) that someone has
// built on since, and the clients they belong to, for the report.
func (u *undoer) keptDeals(ctx context.Context, keptClients []int64) ([]int64, []KeptClient, error) {
	if len(u.added.deals) == 0 {
		return nil, nil, nil
	}
	rows, err := u.tx.Query(ctx, `SELECT d.id, c.id, c.name FROM deals d JOIN clients c ON c.id = d.client_id
		WHERE d.id = ANY($1) AND d.client_id <> ALL($3) AND `+dealBuiltOn("$2", "$4")+`
		ORDER BY d.id`, u.added.deals, fmt.Sprint(u.imp.ID), keptClients, orEmpty(u.added.payments))
	if err != nil {
		return nil, nil, fmt.Errorf("find changed deals: %w", err)
	}
	var ids []int64
	var kept []KeptClient
	seen := map[int64]bool{}
	why := u.imp.Lang.T("导入的合作记录在导入后记了回款或改了回款条件，连同其回款保留",
		"deals the import added got payments or new terms since; they stay, with their payments")
	var id int64
	var k KeptClient
	_, err = pgx.ForEachRow(rows, []any{&id, &k.ClientID, &k.Name}, func() error {
		ids = append(ids, id)
		if !seen[k.ClientID] {
			seen[k.ClientID] = true
			k.Why = why
			kept = append(kept, k)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("find changed deals: %w", err)
	}
	return ids, kept, nil
}

// removePayments removes the payments the import recorded with the deals
// it is about to remove (not those of keptClients, the created clients
// kept whole, nor of keptDeals) and returns how many. Removing the deals
// would take them anyway; removing them first counts them for the report.
// Each goes with its deal, whose removal is audited.
func (u *undoer) removePayments(ctx context.Context, keptClients, keptDeals []int64) (int, error) {
	if len(u.added.payments) == 0 {
		return 0, nil
	}
	tag, err := u.tx.Exec(ctx, `DELETE FROM deal_payments p USING deals d
		WHERE p.id = ANY($1) AND d.id = p.deal_id AND d.client_id <> ALL($2) AND d.id <> ALL($3)`,
		u.added.payments, keptClients, orEmpty(keptDeals))
	if err != nil {
		return 0, fmt.Errorf("remove payments: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
