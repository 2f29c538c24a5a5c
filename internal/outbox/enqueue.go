package outbox

import (
	"context"
	"encoding/json"
	"fmt"
)

// enqueueSQL inserts every message in one statement. A chat known to be
// unreachable gets its row as 'unreachable' (visible to admins, never sent);
// a paused chat's row waits for the pause. The notification is sent only if
// a sendable row was added, and PostgreSQL delivers it at commit.
const enqueueSQL = `WITH input AS (
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::bytea[])
		WITH ORDINALITY AS m(dedup_key, chat_id, staff_id, contact_id, kind, text, buttons, photo, ord)
), ins AS (
	INSERT INTO outbox (dedup_key, chat_id, staff_id, contact_id, kind, text, buttons, photo, status, not_before, failed_at, last_error)
	SELECT m.dedup_key, m.chat_id, nullif(m.staff_id, 0), nullif(m.contact_id, 0), m.kind, m.text, m.buttons::jsonb, m.photo,
		CASE WHEN c.unreachable_at IS NULL THEN 'pending' ELSE 'unreachable' END,
		greatest(now(), c.paused_until),
		CASE WHEN c.unreachable_at IS NULL THEN NULL ELSE now() END,
		coalesce(CASE WHEN c.unreachable_at IS NULL THEN '' ELSE c.reason END, '')
	FROM input m LEFT JOIN outbox_chats c ON c.chat_id = m.chat_id
	ORDER BY m.ord
	ON CONFLICT (dedup_key) DO NOTHING
	RETURNING status
), notified AS (
	SELECT pg_notify('` + Channel + `', current_schema()) FROM (SELECT 1 FROM ins WHERE status = 'pending' LIMIT 1) s
)
SELECT (SELECT count(*) FROM ins)::int, (SELECT count(*) FROM notified)`

// Enqueue inserts msgs (ON CONFLICT (dedup_key) DO NOTHING) and returns how
// many were new. Call it inside the transaction of the change that causes
// the messages: they then exist exactly when the change committed, and a
// job run twice for the same period adds nothing the second time. All
// messages go in one round trip.
func Enqueue(ctx context.Context, q Querier, msgs ...Message) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	n := len(msgs)
	keys, kinds, texts := make([]string, n), make([]string, n), make([]string, n)
	chats, staff, contacts := make([]int64, n), make([]int64, n), make([]int64, n)
	buttons, photos := make([]*string, n), make([][]byte, n)
	for i, m := range msgs {
		if err := m.validate(); err != nil {
			return 0, err
		}
		keys[i], chats[i], staff[i], contacts[i], kinds[i], texts[i] = m.Key, m.ChatID, m.StaffID, m.ContactID, m.Kind, m.Text
		if len(m.Buttons) > 0 {
			b, err := json.Marshal(m.Buttons)
			if err != nil {
				return 0, fmt.Errorf("enqueue: encode buttons: %w", err)
			}
			s := string(b)
			buttons[i] = &s
		}
		if len(m.Photo) > 0 {
			photos[i] = m.Photo
		}
	}
	var added, notified int
	err := q.QueryRow(ctx, enqueueSQL, keys, chats, staff, contacts, kinds, texts, buttons, photos).Scan(&added, &notified)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return added, nil
}
