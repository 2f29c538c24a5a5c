package report

// The queries read both periods at once: prev is 1 for a row of the
// previous period, 0 for the period's. Their arguments are named (window's
// fields, see fill.args); @ids are the people in the report, and @all is
// set for the report of every team: rows of people outside it are then
// dropped in Go rather than filtered in SQL, so that the planner scans the
// period instead of looking up a million clients one by one. Plans are
// custom (fill.read sets plan_cache_mode), so "@all OR ..." folds away.

// visitsSQL counts the visits each person made, by kind.
const visitsSQL = `SELECT v.author_id AS staff, (v.visited_at < @start)::int AS prev, v.kind, count(*)::int AS n
FROM visits v
WHERE (@all OR v.author_id = ANY(@ids)) AND v.visited_at >= @prev_start AND v.visited_at < @end
GROUP BY 1, 2, 3`

// coverageSQL counts each owner's live clients visited (by anyone) in
// each period.
const coverageSQL = `SELECT c.owner_id AS staff,
	count(DISTINCT v.client_id) FILTER (WHERE v.visited_at >= @start)::int AS cur,
	count(DISTINCT v.client_id) FILTER (WHERE v.visited_at < @start)::int AS prev
FROM visits v JOIN clients c ON c.id = v.client_id
WHERE v.visited_at >= @prev_start AND v.visited_at < @end AND c.owner_id = ANY(@ids) AND c.archived_at IS NULL
GROUP BY 1`

// clientsSQL counts each person's live clients now; those created in each
// period; and, for churn, those owned at each period's start (existing,
// not churned then) and of them those churned at its end. A client's stage
// at an instant is the "from" of its first stage change at or after it, or
// its stage now when it has not changed since: moves takes each client's
// first change in each of [previous start, start), [start, end) and from
// the end on (b 0, 1, 2), and the first at or after an instant is the
// first of the earliest of those at or after it.
const clientsSQL = `WITH moves AS (
	SELECT client_id,
		coalesce(max(stage) FILTER (WHERE b = 0), max(stage) FILTER (WHERE b = 1), max(stage) FILTER (WHERE b = 2)) AS at_prev_start,
		coalesce(max(stage) FILTER (WHERE b = 1), max(stage) FILTER (WHERE b = 2)) AS at_start,
		max(stage) FILTER (WHERE b = 2) AS at_end
	FROM (SELECT DISTINCT ON (a.entity_id, x.b) a.entity_id AS client_id, x.b, x.stage
		FROM audit_log a
		CROSS JOIN LATERAL (SELECT CASE WHEN a.at < @start THEN 0 WHEN a.at < @end THEN 1 ELSE 2 END AS b,
			CASE WHEN jsonb_typeof(a.changes -> 'stage') = 'object' THEN a.changes -> 'stage' ->> 'from'
				WHEN a.action = 'merge' THEN a.changes -> 'fields' -> 'stage' ->> 'from' END AS stage) x
		WHERE a.entity = 'client' AND (a.changes ? 'stage' OR a.action = 'merge') AND a.at >= @prev_start
			AND x.stage IS NOT NULL AND (@all OR a.entity_id IN (SELECT id FROM clients WHERE owner_id = ANY(@ids)))
		ORDER BY a.entity_id, x.b, a.at, a.id) first
	GROUP BY client_id
), staged AS (
	SELECT c.owner_id, c.created_at,
		coalesce(m.at_prev_start, c.stage) = 'churned' AS churned_prev_start,
		coalesce(m.at_start, c.stage) = 'churned' AS churned_start,
		coalesce(m.at_end, c.stage) = 'churned' AS churned_end
	FROM clients c LEFT JOIN moves m ON m.client_id = c.id
	WHERE c.owner_id = ANY(@ids) AND c.archived_at IS NULL
)
SELECT owner_id AS staff, count(*)::int AS owned,
	count(*) FILTER (WHERE created_at >= @start AND created_at < @end)::int AS new,
	count(*) FILTER (WHERE created_at >= @prev_start AND created_at < @start)::int AS new_prev,
	count(*) FILTER (WHERE created_at < @start AND NOT churned_start)::int AS at_start,
	count(*) FILTER (WHERE created_at < @start AND NOT churned_start AND churned_end)::int AS lost,
	count(*) FILTER (WHERE created_at < @prev_start AND NOT churned_prev_start)::int AS at_start_prev,
	count(*) FILTER (WHERE created_at < @prev_start AND NOT churned_prev_start AND churned_start)::int AS lost_prev
FROM staged
GROUP BY owner_id`

// followUpsSQL counts, for each person who answers for them, the
// follow-ups due in each period that can be judged, and those done before
// their due day ended (@days and @ends: each day of both periods and the
// instant it ends in the zone). When a follow-up was done is its audit
// entry's time, or the answering visit's if that was earlier.
const followUpsSQL = `WITH days AS (SELECT * FROM unnest(@days::date[], @ends::timestamptz[]) AS d(day, ends))
SELECT coalesce(v.follow_up_by, v.author_id) AS staff, (v.follow_up_on < @from::date)::int AS prev,
	count(*) FILTER (WHERE CASE WHEN v.follow_up_done THEN done.at IS NOT NULL
		ELSE d.ends <= @as_of AND EXISTS (SELECT 1 FROM clients c WHERE c.id = v.client_id AND c.archived_at IS NULL) END)::int AS due,
	count(*) FILTER (WHERE v.follow_up_done AND done.at < d.ends)::int AS on_time
FROM visits v
JOIN days d ON d.day = v.follow_up_on
LEFT JOIN LATERAL (
	SELECT min(CASE WHEN ans.visited_at < a.at THEN ans.visited_at ELSE a.at END) AS at
	FROM audit_log a LEFT JOIN visits ans ON ans.id = (a.changes ->> 'answered_by')::bigint
	WHERE a.entity = 'visit' AND a.entity_id = v.id AND a.action = 'follow_up_done'
) done ON v.follow_up_done
WHERE v.follow_up_on IS NOT NULL AND v.follow_up_on >= @prev_from::date AND v.follow_up_on < @next::date
	AND (@all OR coalesce(v.follow_up_by, v.author_id) = ANY(@ids))
GROUP BY 1, 2`

// resolvedSQL counts the feedback each assignee resolved and its median
// hours to resolve, per person (level 0), pooled per team (level 1) and
// over everyone (level 3).
const resolvedSQL = `SELECT s.team_id, f.assignee_id AS staff, f.prev, grouping(s.team_id, f.assignee_id) AS level,
	count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours) AS median
FROM (SELECT assignee_id, (resolved_at < @start)::int AS prev,
		(extract(epoch FROM resolved_at - created_at) / 3600)::float8 AS hours
	FROM feedback
	WHERE assignee_id = ANY(@ids) AND status = 'resolved' AND resolved_at >= @prev_start AND resolved_at < @end) f
JOIN staff s ON s.id = f.assignee_id
GROUP BY GROUPING SETS ((s.team_id, f.assignee_id, f.prev), (s.team_id, f.prev), (f.prev))`

// overdueSQL counts each assignee's feedback on live clients that was open
// at each period's as-of instant with its due day before that day.
const overdueSQL = `SELECT f.assignee_id AS staff,
	count(*) FILTER (WHERE f.created_at < @as_of AND (f.status <> 'resolved' OR f.resolved_at >= @as_of)
		AND f.due_on < @as_of_day::date)::int AS cur,
	count(*) FILTER (WHERE f.created_at < @prev_as_of AND (f.status <> 'resolved' OR f.resolved_at >= @prev_as_of)
		AND f.due_on < @prev_as_of_day::date)::int AS prev
FROM feedback f JOIN clients c ON c.id = f.client_id
WHERE f.assignee_id = ANY(@ids) AND c.archived_at IS NULL AND f.due_on < @as_of_day::date
	AND (f.status <> 'resolved' OR f.resolved_at >= @prev_as_of)
GROUP BY 1`

// satisfactionSQL sums the satisfaction readings on each owner's clients.
const satisfactionSQL = `SELECT c.owner_id AS staff, (x.at < @start)::int AS prev, sum(x.score)::int AS total, count(*)::int AS n
FROM satisfaction x JOIN clients c ON c.id = x.client_id
WHERE c.owner_id = ANY(@ids) AND x.at >= @prev_start AND x.at < @end
GROUP BY 1, 2`

// dealsSQL counts and sums, in fen, the deals on each owner's clients.
const dealsSQL = `SELECT c.owner_id AS staff, (d.deal_on < @from::date)::int AS prev, count(*)::int AS n,
	(sum(d.amount) * 100)::bigint AS cents
FROM deals d JOIN clients c ON c.id = d.client_id
WHERE c.owner_id = ANY(@ids) AND d.deal_on >= @prev_from::date AND d.deal_on < @next::date
GROUP BY 1, 2`

// paymentsSQL sums, in fen, the payments on the deals of each owner's clients.
const paymentsSQL = `SELECT c.owner_id AS staff, (p.paid_on < @from::date)::int AS prev, (sum(p.amount) * 100)::bigint AS cents
FROM deal_payments p JOIN deals d ON d.id = p.deal_id JOIN clients c ON c.id = d.client_id
WHERE c.owner_id = ANY(@ids) AND p.paid_on >= @prev_from::date AND p.paid_on < @next::date
GROUP BY 1, 2`
