package figures

import "strconv"

// Small counts. A count of 1 or 2 could single out a family (the only
// Albanian-speaking family of Soresina with a child of 0-3), and a 0 shown
// would tell apart the cells that are 1 or 2 from those that are nothing, so:
//
//   - primary suppression: every count below 3, 0 included, is shown as
//     "<3" (Small), its Count nil;
//   - secondary suppression: within a column of a breakdown, whenever
//     something is hidden, at least two cells are hidden, what they hide
//     adds up to 3 or more, and no hidden cell's value follows from "total
//     minus the cells shown" (knowing that "<3" is 0 to 2 and "*" is 3 or
//     more: all the hidden cells "<3" and each of them 2, or each "*" 3 and
//     each "<3" 0, would say it). The smallest cells shown are hidden too,
//     as "*" (Hidden: not small, hidden to protect a small one), until that
//     holds or no cell is left to hide. A total below 3 is itself "<3".
//
// A column whose every cell is hidden is not protected from its total: two
// cells of 2 under a total of 4 say so (the total is shown once for every
// breakdown, so it is not hidden for one column). Different breakdowns of
// one measure are not checked against each other (a small cell of the group
// table is not cross-checked with the place table), nor the measures of a
// row (registrations with the people in them); families by month and by age
// band do not add up to the total (a family counts in each month and each
// band it belongs to), so differencing them gives nothing exact.
//
// TestSmallCountsAreSuppressed (no count below 3 is shown, on the page or
// in the file) and TestATotalDoesNotRevealAHiddenCell (every column up to
// five cells of 0 to 7: the cells hidden are two or more, add up to 3 or
// more, and each could have had two values or more).
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

func isSmall(n int) bool { return n < 3 }

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
	for i, v := range values {
		hidden[i] = isSmall(v)
	}
	for revealing(values, hidden) {
		next := -1
		for i, v := range values {
			if !hidden[i] && (next < 0 || v < values[next]) {
				next = i
			}
		}
		if next < 0 {
			break // every cell is hidden already
		}
		hidden[next] = true
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

// revealing says whether the hidden cells of a column fall short of the
// rule above: something hidden, and fewer than two cells, or less than 3
// in all, or a sum that only one value of each cell can make ("<3" cells
// are 0 to 2, "*" cells 3 or more).
func revealing(values []int, hidden []bool) bool {
	small, other, sum := 0, 0, 0
	for i, v := range values {
		switch {
		case !hidden[i]:
		case isSmall(v):
			small++
			sum += v
		default:
			other++
			sum += v
		}
	}
	count := small + other
	if count == 0 {
		return false
	}
	if count < 2 || sum < 3 {
		return true
	}
	if other == 0 {
		return sum == 2*small // every one of them 2
	}
	return sum == 3*other // every "*" 3, every "<3" 0
}
