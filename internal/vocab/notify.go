package vocab

// The kinds of notification (internal/notify, pb_hooks/notify.pb.js): what
// a person chooses to receive, per kind, in the app's settings.
const (
	NotifyNewActivity  = "new_activity" // a new activity in a group I am in or follow
	NotifyDecision     = "decision"     // staff decided on my proposal
	NotifyOffer        = "offer"        // a place on a waiting list is mine to confirm (or given)
	NotifyReminder     = "reminder"     // 24 h and 2 h before a date I registered for
	NotifyAnnouncement = "announcement" // staff's message to a group or to everyone
	NotifyAppointment  = "appointment"  // staff proposed a date for my appointment request
)

// NotifyKinds lists every kind, in the order the settings screen shows them.
var NotifyKinds = []string{NotifyNewActivity, NotifyDecision, NotifyOffer, NotifyReminder, NotifyAnnouncement, NotifyAppointment}

// NotifyGuestKinds are the kinds a subscription without an account can
// follow: public news of public groups and announcements.
var NotifyGuestKinds = []string{NotifyNewActivity, NotifyAnnouncement}

// NotifySensitiveKinds always show a neutral text on the lock screen unless
// the person opted into previews (as do the notifications of a group marked
// sensitive, the paternity-support spaces).
var NotifySensitiveKinds = []string{NotifyAppointment}

// QuietFrom and QuietTo are the default quiet hours, in TimeZone: a
// notification that is not urgent waits until QuietTo.
const (
	QuietFrom = "21:00"
	QuietTo   = "08:00"
)

// IsNotifyKind reports whether kind is one of NotifyKinds.
func IsNotifyKind(kind string) bool {
	for _, k := range NotifyKinds {
		if k == kind {
			return true
		}
	}
	return false
}
