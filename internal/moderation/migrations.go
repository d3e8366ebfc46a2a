package moderation

import "github.com/pocketbase/pocketbase/core"

// The hash chain's migrations: pb_migrations/1764200000_audit_chain.js adds
// the chain's fields, this one links the entries written before the chain
// existed (in Go, with the same hash as every new entry), and
// pb_migrations/1764200002_audit_chain_index.js makes seq unique.
func init() {
	core.AppMigrations.Register(chainUnchained, nil, "1764200001_audit_chain_link.go")
}
