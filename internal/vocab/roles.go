package vocab

import "github.com/pocketbase/pocketbase/core"

// IsStaff reports whether auth may act as the centre's staff: a user with
// the staff role, or a superuser (the operator can do anything staff can).
// It is the one definition every package uses; a nil auth is a guest.
func IsStaff(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	return auth.IsSuperuser() || HasRole(auth, RoleStaff)
}

// HasRole reports whether auth is a user with role. Superusers have no role.
func HasRole(auth *core.Record, role string) bool {
	return auth != nil && !auth.IsSuperuser() && auth.GetString("role") == role
}
