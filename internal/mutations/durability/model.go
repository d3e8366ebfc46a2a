package durability

import (
	"fmt"
	"sort"
)

// The serial model: the mutations replayed one after another in the order
// the hub committed them, by rules simple enough to read at a glance. The
// run passes when the model, fed the same mutations in that order, predicts
// every stored outcome and ends with the database's state.

type modelReg struct {
	Activity, User   string
	Adults, Children int
	Status           string
	order            int // arrival, for the waiting list
}

type modelMembership struct{ Group, User, Status string }

type model struct {
	capacity    map[string]int    // activity -> seats
	joinPolicy  map[string]string // group -> open/approval
	regs        map[string]*modelReg
	memberships map[string]*modelMembership
	profiles    map[string]map[string]any // user -> municipality, name, languages
	arrivals    int
}

func newModel(capacity map[string]int, joinPolicy map[string]string, profiles map[string]map[string]any) *model {
	return &model{capacity: capacity, joinPolicy: joinPolicy, regs: map[string]*modelReg{},
		memberships: map[string]*modelMembership{}, profiles: profiles}
}

// predicted is what the model says a mutation's outcome is.
type predicted struct {
	Status, Code, Decided string
}

func (m *model) going(activity, except string) int {
	n := 0
	for id, r := range m.regs {
		if id != except && r.Activity == activity && r.Status == "going" {
			n += r.Adults + r.Children
		}
	}
	return n
}

func (m *model) decide(id string, r *modelReg) {
	if c := m.capacity[r.Activity]; c == 0 || m.going(r.Activity, id)+r.Adults+r.Children <= c {
		r.Status = "going"
	} else {
		r.Status = "waitlisted"
	}
}

func (m *model) promote(activity string) {
	var waiting []string
	for id, r := range m.regs {
		if r.Activity == activity && r.Status == "waitlisted" {
			waiting = append(waiting, id)
		}
	}
	sort.Slice(waiting, func(i, j int) bool { return m.regs[waiting[i]].order < m.regs[waiting[j]].order })
	for _, id := range waiting {
		r := m.regs[id]
		if m.going(activity, id)+r.Adults+r.Children <= m.capacity[activity] {
			r.Status = "going"
		}
	}
}

func seatsOutcome(r *modelReg) predicted {
	if r.Status != "going" {
		return predicted{"applied", "", r.Status}
	}
	return predicted{"applied", "", ""}
}

func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}

func str(v any) string { s, _ := v.(string); return s }

// apply applies one mutation of user and predicts its outcome.
func (m *model) apply(user, name string, args map[string]any) predicted {
	switch name {
	case "register":
		id, activity := str(args["registration"]), str(args["activity"])
		for _, r := range m.regs {
			if r.Activity == activity && r.User == user {
				return predicted{"rejected", "registration_exists", ""}
			}
		}
		m.arrivals++
		r := &modelReg{Activity: activity, User: user, Adults: num(args["adults"]), Children: num(args["children"]), order: m.arrivals}
		m.decide(id, r)
		m.regs[id] = r
		return seatsOutcome(r)
	case "change_registration", "cancel_registration":
		id := str(args["registration"])
		r, ok := m.regs[id]
		if !ok || r.User != user {
			return predicted{"rejected", "error_status_404", ""}
		}
		if name == "cancel_registration" {
			r.Status = "cancelled"
			m.promote(r.Activity)
			return predicted{"applied", "", ""}
		}
		r.Adults, r.Children = num(args["adults"]), num(args["children"])
		m.decide(id, r)
		m.promote(r.Activity)
		return seatsOutcome(r)
	case "join_group":
		id, group := str(args["membership"]), str(args["group"])
		for _, ms := range m.memberships {
			if ms.Group == group && ms.User == user {
				return predicted{"rejected", "membership_exists", ""}
			}
		}
		status := "active"
		if m.joinPolicy[group] != "open" {
			status = "pending"
		}
		m.memberships[id] = &modelMembership{group, user, status}
		if status != "active" {
			return predicted{"applied", "", status}
		}
		return predicted{"applied", "", ""}
	case "leave_group":
		id := str(args["membership"])
		ms, ok := m.memberships[id]
		if !ok || ms.User != user {
			return predicted{"rejected", "error_status_404", ""}
		}
		delete(m.memberships, id)
		return predicted{"applied", "", ""}
	case "update_profile":
		for k, v := range args {
			m.profiles[user][k] = v
		}
		return predicted{"applied", "", ""}
	case "set_language":
		code := str(args["language"])
		langs := []string{code}
		for _, l := range m.profiles[user]["languages"].([]string) {
			if l != code {
				langs = append(langs, l)
			}
		}
		m.profiles[user]["languages"] = langs
		return predicted{"applied", "", ""}
	}
	panic(fmt.Sprintf("model: unknown mutation %s", name))
}
