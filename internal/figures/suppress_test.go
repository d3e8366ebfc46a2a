package figures

import "testing"

// TestATotalDoesNotRevealAHiddenCell: every column of one to five cells,
// each 0 to 7. A reader knows the column's total, the cells shown, that
// "<3" is 0 to 2 and "*" is 3 or more. Whenever something is hidden (and
// some cell is still shown: a column hidden whole is the exception
// suppress.go states), the hidden cells are two or more, add up to 3 or
// more, and each of them could have had two values or more.
func TestATotalDoesNotRevealAHiddenCell(t *testing.T) {
	checked := 0
	for n := 1; n <= 5; n++ {
		values := make([]int, n)
		var each func(i int)
		each = func(i int) {
			if i < n {
				for v := 0; v <= 7; v++ {
					values[i] = v
					each(i + 1)
				}
				return
			}
			if checkColumn(t, values) {
				checked++
			}
		}
		each(0)
	}
	if checked < 10000 {
		t.Fatalf("only %d columns with something hidden and something shown", checked)
	}
}

// checkColumn checks one column; true when it had something hidden and
// something shown.
func checkColumn(t *testing.T, values []int) bool {
	t.Helper()
	cells := suppressColumn(values)
	var hidden []int
	sum := 0
	for i, c := range cells {
		v := values[i]
		switch c.Shown {
		case Small:
			if v >= 3 || c.Count != nil {
				t.Fatalf("%v: cell %d (%d) shown as %+v", values, i, v, c)
			}
		case Hidden:
			if v < 3 || c.Count != nil {
				t.Fatalf("%v: cell %d (%d) shown as %+v", values, i, v, c)
			}
		default:
			if v < 3 || c.Count == nil || *c.Count != v {
				t.Fatalf("%v: cell %d (%d) shown as %+v", values, i, v, c)
			}
			continue
		}
		hidden = append(hidden, i)
		sum += v
	}
	if len(hidden) == 0 || len(hidden) == len(values) {
		return false
	}
	if len(hidden) < 2 || sum < 3 {
		t.Fatalf("%v shown as %v: hidden %d cells adding up to %d", values, shownOf(cells), len(hidden), sum)
	}
	// Every way the hidden cells can add up to total minus the cells shown.
	possible := make([]map[int]bool, len(hidden))
	for i := range possible {
		possible[i] = map[int]bool{}
	}
	chosen := make([]int, len(hidden))
	var try func(k, left int)
	try = func(k, left int) {
		if k == len(hidden) {
			if left == 0 {
				for i, v := range chosen {
					possible[i][v] = true
				}
			}
			return
		}
		lo, hi := 0, 2
		if cells[hidden[k]].Shown == Hidden {
			lo, hi = 3, left
		}
		for v := lo; v <= hi && v <= left; v++ {
			chosen[k] = v
			try(k+1, left-v)
		}
	}
	try(0, sum)
	for i, p := range possible {
		if len(p) < 2 {
			t.Fatalf("%v shown as %v: total minus the cells shown says cell %d is %d", values, shownOf(cells), hidden[i], values[hidden[i]])
		}
	}
	return true
}

func shownOf(cells []Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Shown
	}
	return out
}
