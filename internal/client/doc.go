// Package client keeps the ledger of client companies (客户台账): their
// profiles, contacts and deals, the checks of who may see and change them,
// duplicate detection, and the search behind /client.
//
// Search must stay fast at a million clients under any database locale, and
// pg_trgm ignores Han characters under the C locale. So the package keeps its
// own index, the table client_terms: for each client a few dozen exact keys
// (Han bigrams, pinyin and initials from each syllable on, Latin words,
// contacts' names, phone digits forwards and backwards), each with a rank
// (kind of hit, position, name length) and the client's team. A query is one
// B-tree probe of an exact key or a key prefix, ordered by rank, with the
// team filter inside the probe, so a LIMIT never counts invisible clients.
// Typos are corrected against a dictionary of name words (search_words) by
// symmetric deletion; the duplicate check makes the same corrections, so a
// client Search would correct a name to is flagged before it is created.
// pg_trgm is used only on the ASCII pinyin form of names, to flag similar
// names as duplicates.
//
// Typed values are checked by exported checkers (CheckName, CheckPhone ...)
// that Create, Update, AddContact and AddDeal apply too, so a conversation
// can refuse a value at the step where it is typed, with the very rule that
// saving applies. CleanText is the rule for any typed text (no NUL or other
// control characters); other packages that store typed text use it too.
//
// IndexKeys is the tokeniser; it is exported so that bulk loaders compute
// exactly the keys the Store writes. docs/PERFORMANCE.md has the figures at a
// million clients.
package client
