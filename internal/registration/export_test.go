package registration

import "time"

// SetNow moves the clock of the package's decisions to t for a test; the
// returned function puts the real clock back.
func SetNow(t time.Time) (restore func()) {
	f := func() time.Time { return t }
	clock.Store(&f)
	return func() { clock.Store(nil) }
}
