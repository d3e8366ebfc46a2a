//go:build !hugcrashtest

package mutations

// afterCommit is where a test build kills the hub between a mutation's
// commit and its response (crash_on.go); production builds do nothing.
func afterCommit(string) {}

// CrashBuild reports whether this binary was built with the crash points.
const CrashBuild = false
