// Package migrations embeds the numbered, forward-only schema changes that
// internal/postgres applies in order.
package migrations

import "embed"

// FS holds every NNNN_name.up.sql file of this folder.
//
//go:embed *.up.sql
var FS embed.FS
