// Package dedupe finds the likely duplicate clients of a team, pairs of
// clients that are probably one company entered twice: the same normalised
// name, a contact phone in common, or names whose Latin-keyboard forms
// (pinyin, Latin words) are similar (pg_trgm similarity at least 0.6, the
// threshold of the duplicate warning in internal/client). Archived and
// merged clients, and pairs a manager dismissed, are left out.
//
// The search is set-based, one statement per team, so it stays fast at a
// hundred thousand clients: equal names and phones are hash joins, and
// similar names are found by prefix filtering instead of one trigram index
// probe per client. For similarity (Jaccard of trigram sets) at least t,
// two names must share a trigram among the |A| - ceil(t·|A|) + 1 rarest of
// each one's trigrams (rarest within the team); only the pairs sharing such
// a trigram are compared. The filter loses no pair.
//
// The monthly job ("duplicates") sends each team's managers the list, each
// pair with a merge button; /duplicates shows the same list on demand.
package dedupe
