package value

// baseSQL aggregates the deals of every live client as of day $2, counting
// the deals of [$2 - 12 months = $1, $2) for the amount and the count, and
// any deal before $2 for the last one, into the run's temporary table. The
// planner reads clients and deals in client order through their indexes and
// aggregates as it goes (a merge join): one pass over the deals for all
// teams, where a query per team would read them all once per team.
const baseSQL = `CREATE TEMP TABLE value_base AS
	SELECT c.id AS client_id, c.team_id,
		coalesce(sum(d.amount) FILTER (WHERE d.deal_on >= $1), 0) AS amount_12m,
		count(d.id) FILTER (WHERE d.deal_on >= $1) AS deals_12m,
		max(d.deal_on) AS last_deal_on
	FROM clients c LEFT JOIN deals d ON d.client_id = c.id AND d.deal_on < $2
	WHERE c.archived_at IS NULL
	GROUP BY c.id`

// computeSQL writes the values of the clients of teams $1 (an array) in
// value_base as of day $2, records each team's run (at $3) in value_runs,
// and returns the clients and how many rows it wrote: a row whose figures
// did not change is left alone (not even locked, as an upsert would), so a
// night writes only the clients whose deals, class or scores moved. Every
// window is partitioned by team: each team is its own ledger. The old rows
// are read by team (a client that moved in reads as changed): joined by
// client alone, the planner reads every team's rows for each chunk. See the
// package comment for the rules.
//
// ABC: "before" is the revenue of the clients of the team with a larger
// amount (GROUPS frames treat equal amounts as one group), compared in
// exact numerics. RFM: for each measure, rank() - 1 counts the team's
// buyers below and count(*) over the same ordered window those below or
// equal, so their sum is 2·below + equal and 1 + 5·(2·below + equal) /
// (2·buyers), in integers, is 1 + ⌊5·q⌋ for the mid-rank position q.
const computeSQL = `WITH base AS (
	SELECT client_id, team_id, amount_12m, deals_12m, last_deal_on FROM value_base WHERE team_id = ANY($1)
), classed AS (
	SELECT client_id, team_id, amount_12m, deals_12m, last_deal_on, sum(amount_12m) OVER (PARTITION BY team_id) AS total,
		coalesce(sum(amount_12m) OVER (PARTITION BY team_id ORDER BY amount_12m DESC
			GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
	FROM base
), scored AS (
	SELECT client_id, count(*) OVER (PARTITION BY team_id) AS buyers,
		rank() OVER r + count(*) OVER r - 1 AS r2,
		rank() OVER f + count(*) OVER f - 1 AS f2,
		rank() OVER m + count(*) OVER m - 1 AS m2
	FROM base WHERE deals_12m > 0
	WINDOW r AS (PARTITION BY team_id ORDER BY last_deal_on), f AS (PARTITION BY team_id ORDER BY deals_12m),
		m AS (PARTITION BY team_id ORDER BY amount_12m)
), computed AS (
	SELECT k.client_id, k.team_id,
		CASE WHEN k.before * 100 < k.total * 80 THEN 'A' WHEN k.before * 100 < k.total * 95 THEN 'B' ELSE 'C' END AS abc,
		coalesce(1 + 5 * s.r2 / (2 * s.buyers), 1) AS r, coalesce(1 + 5 * s.f2 / (2 * s.buyers), 1) AS f,
		coalesce(1 + 5 * s.m2 / (2 * s.buyers), 1) AS m, k.amount_12m, k.deals_12m, k.last_deal_on
	FROM classed k LEFT JOIN scored s USING (client_id)
), written AS (
	INSERT INTO client_values AS v (client_id, team_id, abc, r, f, m, amount_12m, deals_12m, last_deal_on, changed_on)
	SELECT n.client_id, n.team_id, n.abc, n.r, n.f, n.m, n.amount_12m, n.deals_12m, n.last_deal_on, $2
	FROM computed n LEFT JOIN client_values o ON o.client_id = n.client_id AND o.team_id = ANY($1)
	WHERE (o.team_id, o.abc, o.r, o.f, o.m, o.amount_12m, o.deals_12m, o.last_deal_on)
		IS DISTINCT FROM (n.team_id, n.abc, n.r, n.f, n.m, n.amount_12m, n.deals_12m, n.last_deal_on)
	ON CONFLICT (client_id) DO UPDATE SET team_id = excluded.team_id, abc = excluded.abc, r = excluded.r,
		f = excluded.f, m = excluded.m, amount_12m = excluded.amount_12m, deals_12m = excluded.deals_12m,
		last_deal_on = excluded.last_deal_on, changed_on = excluded.changed_on
	WHERE (v.team_id, v.abc, v.r, v.f, v.m, v.amount_12m, v.deals_12m, v.last_deal_on)
		IS DISTINCT FROM (excluded.team_id, excluded.abc, excluded.r, excluded.f, excluded.m,
			excluded.amount_12m, excluded.deals_12m, excluded.last_deal_on)
	RETURNING 1
), runs AS (
	INSERT INTO value_runs (team_id, computed_on, computed_at, clients, revenue_12m)
	SELECT t.id, $2, $3, count(n.client_id), coalesce(sum(n.amount_12m), 0)
	FROM unnest($1::bigint[]) AS t (id) LEFT JOIN computed n ON n.team_id = t.id
	GROUP BY t.id
	ON CONFLICT (team_id) DO UPDATE SET computed_on = excluded.computed_on, computed_at = excluded.computed_at,
		clients = excluded.clients, revenue_12m = excluded.revenue_12m
)
SELECT (SELECT count(*)::int FROM computed), (SELECT count(*)::int FROM written)`

// suggestSQL opens, refreshes and closes the suggestions of teams $1 (an
// array) as of day $2; $3 is the first instant of the 12 months in the
// team's zone. A decided suggestion keeps its decision: only its evidence
// is refreshed, and only when it changed. An open suggestion of the teams
// whose rule no longer holds (the client is archived, or its class, tier or
// deals changed) is closed. It returns how many it opened, refreshed and
// closed.
//
// Candidates whose open suggestion holds the same evidence are left out
// before the upsert, which would lock their rows; the NOT EXISTS probes the
// open suggestions' unique index once per candidate whatever the tables'
// statistics say (the planner cannot estimate how many clients a rule
// picks, and a join it thought small ran as a nested loop over the team's
// whole list).
const suggestSQL = `WITH cand AS MATERIALIZED (
	SELECT v.client_id, v.team_id, x.rule, c.tier AS from_tier, ` + toTierSQL + ` AS to_tier, v.abc, v.r, v.f, v.m,
		v.amount_12m, v.deals_12m, v.last_deal_on
	FROM client_values v
	JOIN clients c ON c.id = v.client_id
	JOIN LATERAL (SELECT ` + ruleSQL + ` AS rule) x ON x.rule IS NOT NULL
	WHERE v.team_id = ANY($1) AND c.team_id = v.team_id AND c.archived_at IS NULL
), up AS (
	INSERT INTO tier_suggestions AS t (client_id, team_id, rule, from_tier, to_tier, abc, r, f, m,
		amount_12m, deals_12m, last_deal_on, opened_on)
	SELECT k.client_id, k.team_id, k.rule, k.from_tier, k.to_tier, k.abc, k.r, k.f, k.m, k.amount_12m,
		k.deals_12m, k.last_deal_on, $2
	FROM cand k
	WHERE NOT EXISTS (SELECT 1 FROM tier_suggestions prev
		WHERE prev.client_id = k.client_id AND prev.rule = k.rule AND prev.closed_on IS NULL
			AND (prev.team_id, prev.abc, prev.r, prev.f, prev.m, prev.amount_12m, prev.deals_12m, prev.last_deal_on)
			IS NOT DISTINCT FROM (k.team_id, k.abc, k.r, k.f, k.m, k.amount_12m, k.deals_12m, k.last_deal_on))
	ON CONFLICT (client_id, rule) WHERE closed_on IS NULL DO UPDATE SET team_id = excluded.team_id,
		abc = excluded.abc, r = excluded.r, f = excluded.f, m = excluded.m, amount_12m = excluded.amount_12m,
		deals_12m = excluded.deals_12m, last_deal_on = excluded.last_deal_on
	WHERE (t.team_id, t.abc, t.r, t.f, t.m, t.amount_12m, t.deals_12m, t.last_deal_on)
		IS DISTINCT FROM (excluded.team_id, excluded.abc, excluded.r, excluded.f, excluded.m, excluded.amount_12m,
			excluded.deals_12m, excluded.last_deal_on)
	RETURNING xmax = 0 AS inserted
), closed AS (
	UPDATE tier_suggestions t SET closed_on = $2
	WHERE t.team_id = ANY($1) AND t.closed_on IS NULL
		AND NOT EXISTS (SELECT 1 FROM cand k WHERE k.client_id = t.client_id AND k.rule = t.rule)
	RETURNING 1
)
SELECT (SELECT count(*) FILTER (WHERE inserted)::int FROM up), (SELECT count(*) FILTER (WHERE NOT inserted)::int FROM up),
	(SELECT count(*)::int FROM closed)`
