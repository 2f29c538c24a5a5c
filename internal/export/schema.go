package export

// liveClients is the condition, on clients aliased c, that keeps the
// clients the ledger shows: an archived client, and a merged one (a
// tombstone, archived too), is left out, as it is of search and lists.
const liveClients = "c.archived_at IS NULL AND c.merged_into IS NULL"
