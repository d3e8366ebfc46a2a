package moderation

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Kinds of break in the audit chain.
const (
	BreakChanged  = "changed"  // an entry's fields no longer match its hash
	BreakDeleted  = "deleted"  // entries are missing (a gap in the sequence)
	BreakInserted = "inserted" // an entry the chain does not link through
	// BreakRelinked: an entry does not follow the one before it, and nothing
	// tells which of the two is false: the earlier one was changed and
	// given a new hash, or the later one was inserted with a made-up link.
	BreakRelinked = "changed or inserted"
	BreakHead     = "head" // a head recorded earlier (--head) is gone or different
)

// Break is one place where the chain does not hold.
type Break struct {
	Kind   string
	Seq    string // the entry's sequence number as stored
	ID     string
	Detail string
}

func (b Break) String() string {
	where := "#" + b.Seq
	if b.ID != "" {
		where += " (" + b.ID + ")"
	}
	return fmt.Sprintf("%s: %s: %s", where, b.Kind, b.Detail)
}

// Report is what VerifyChain found.
type Report struct {
	Entries  int
	HeadSeq  int
	HeadHash string
	Breaks   []Break
}

// OK reports whether the chain holds.
func (r Report) OK() bool { return len(r.Breaks) == 0 }

func (r Report) String() string {
	if r.OK() {
		return fmt.Sprintf("audit log OK: %d entries, head %d:%s", r.Entries, r.HeadSeq, r.HeadHash)
	}
	lines := []string{fmt.Sprintf("audit log BROKEN: %d problem(s) in %d entries", len(r.Breaks), r.Entries)}
	for _, b := range r.Breaks {
		lines = append(lines, "  "+b.String())
	}
	return strings.Join(lines, "\n")
}

type chainRow struct {
	id, seqText, prevHash, hash, computed string
	seq                                   float64
}

// VerifyChain reads the audit log as stored (with SQL, whatever the
// collection's definition says now) and checks every entry's hash and every
// link. expectHead, when not empty, is a head printed by an earlier run
// ("seq:hash"): a chain rewritten or cut after it no longer contains it.
// Deleting the newest entries leaves a valid shorter chain: only a recorded
// head shows it.
func VerifyChain(app core.App, expectHead string) (Report, error) {
	raw := []dbx.NullStringMap{}
	err := app.DB().NewQuery("SELECT * FROM " + AuditCollection + " ORDER BY CAST(seq AS REAL), id").All(&raw)
	if err != nil {
		return Report{}, fmt.Errorf("reading the audit log: %w", err)
	}
	rows := make([]chainRow, len(raw))
	for i, r := range raw {
		value := rowValue(r)
		seq, _ := strconv.ParseFloat(r["seq"].String, 64)
		rows[i] = chainRow{id: r["id"].String, seqText: value("seq"), seq: seq,
			prevHash: r["prev_hash"].String, hash: r["hash"].String, computed: entryHash(value)}
	}

	report := Report{Entries: len(rows)}
	linkedFrom := map[string]int{} // hash -> how many entries name it as prev_hash
	for _, r := range rows {
		linkedFrom[r.prevHash]++
	}
	// laterLinksTo reports whether an entry after i names hash as its prev.
	laterLinksTo := func(i int, hash string) (chainRow, bool) {
		for _, r := range rows[i+1:] {
			if r.prevHash == hash {
				return r, true
			}
		}
		return chainRow{}, false
	}

	var prev chainRow // the last entry on the chain; zero is the start
	seen := map[string]bool{"": true}
	for i, r := range rows {
		next, goesOn := laterLinksTo(i, prev.hash)
		if r.computed != r.hash {
			report.Breaks = append(report.Breaks, Break{BreakChanged, r.seqText, r.id, "its fields no longer match its hash"})
		}
		switch {
		case r.prevHash == prev.hash:
			// Two entries claim the same predecessor: the one the chain
			// goes on from is the real one.
			if goesOn && linkedFrom[next.hash] > 0 && linkedFrom[r.hash] == 0 {
				report.Breaks = append(report.Breaks, Break{BreakInserted, r.seqText, r.id, "the chain goes on from another entry after " + prevName(prev)})
				continue
			}
		case goesOn:
			report.Breaks = append(report.Breaks, Break{BreakInserted, r.seqText, r.id, "the chain goes on past it from " + prevName(prev)})
			continue
		case r.seq > prev.seq+1:
			report.Breaks = append(report.Breaks, Break{BreakDeleted, r.seqText, r.id,
				fmt.Sprintf("entries %s are missing before it", missing(prev.seq+1, r.seq-1))})
		case seen[r.prevHash]:
			report.Breaks = append(report.Breaks, Break{BreakInserted, r.seqText, r.id, "it links to an earlier entry, not to " + prevName(prev)})
			continue
		default:
			report.Breaks = append(report.Breaks, Break{BreakRelinked, r.seqText, r.id,
				"it does not follow " + prevName(prev) + ": that entry was changed and re-hashed, or this one was inserted"})
		}
		prev = r
		seen[r.hash] = true
	}
	report.HeadSeq, report.HeadHash = int(prev.seq), prev.hash

	if expectHead != "" {
		report.Breaks = append(report.Breaks, checkHead(rows, expectHead)...)
	}
	return report, nil
}

func prevName(r chainRow) string {
	if r.id == "" {
		return "the start"
	}
	return "#" + r.seqText + " (" + r.id + ")"
}

func missing(from, to float64) string {
	if from == to {
		return "#" + strconv.FormatFloat(from, 'f', -1, 64)
	}
	return "#" + strconv.FormatFloat(from, 'f', -1, 64) + "-#" + strconv.FormatFloat(to, 'f', -1, 64)
}

// checkHead looks for a head recorded earlier ("seq:hash").
func checkHead(rows []chainRow, expect string) []Break {
	seq, hash, ok := strings.Cut(strings.TrimSpace(expect), ":")
	if !ok || seq == "" || hash == "" {
		return []Break{{BreakHead, seq, "", "the recorded head must be written seq:hash, as this command prints it"}}
	}
	for _, r := range rows {
		if r.seqText != seq {
			continue
		}
		if r.hash == hash && r.computed == hash {
			return nil
		}
		return []Break{{BreakHead, seq, r.id, "this entry no longer has the hash recorded for it: the log was rewritten from here"}}
	}
	return []Break{{BreakHead, seq, "", "the recorded head is gone: the log was cut or rewritten"}}
}
