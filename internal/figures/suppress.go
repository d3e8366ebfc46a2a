package figures

import "strconv"

// Small counts. A count of 1 or 2 could single out a family (the only
// Albanian-speaking family of Soresina with a child of 0-3), so:
//
//   - primary suppression: a count of 1 or 2 is shown as "<3" (Small);
//     0 is shown, as it describes no family;
//   - secondary suppression: within a column of a breakdown, whenever
//     something is hidden, at least two cells are hidden and what they hide
//     adds up to 3 or more; otherwise "total minus the cells shown" would
//     give the hidden one away. The smallest cells shown are hidden too,
//     as "*" (Hidden: not small, hidden to protect a small one), until that
//     holds. A total of 1 or 2 is itself "<3".
//
// Different breakdowns of one measure are not checked against each other
// (a small cell of the group table is not cross-checked with the place
// table); families by month and by age band do not add up to the total
// (a family counts in each month and each band it belongs to), so
// differencing them gives nothing exact.
//
// TestSmallCountsAreSuppressed and TestATotalDoesNotRevealAHiddenCell.
const (
	Small  = "<3"
	Hidden = "*"
)

// Cell is one shown count: Count is nil when it is hidden.
type Cell struct {
	Count *int   `json:"count"`
	Shown string `json:"shown"`
}

func shown(n int) Cell { return Cell{Count: &n, Shown: strconv.Itoa(n)} }

func isSmall(n int) bool { return n > 0 && n < 3 }

func suppressTotals(total map[string]int) map[string]Cell {
	out := map[string]Cell{}
	for _, m := range Measures {
		if isSmall(total[m]) {
			out[m] = Cell{Shown: Small}
		} else {
			out[m] = shown(total[m])
		}
	}
	return out
}

// suppressColumn hides a column's small cells, and as many more as the
// rule above needs.
func suppressColumn(values []int) []Cell {
	hidden := make([]bool, len(values))
	count, sum := 0, 0
	for i, v := range values {
		if isSmall(v) {
			hidden[i] = true
			count++
			sum += v
		}
	}
	for count > 0 && (count < 2 || sum < 3) {
		next := -1
		for i, v := range values {
			if !hidden[i] && v > 0 && (next < 0 || v < values[next]) {
				next = i
			}
		}
		if next < 0 {
			break // every non-zero cell is hidden already
		}
		hidden[next] = true
		count++
		sum += values[next]
	}
	out := make([]Cell, len(values))
	for i, v := range values {
		switch {
		case isSmall(v):
			out[i] = Cell{Shown: Small}
		case hidden[i]:
			out[i] = Cell{Shown: Hidden}
		default:
			out[i] = shown(v)
		}
	}
	return out
}
