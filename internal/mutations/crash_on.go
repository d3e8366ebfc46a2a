//go:build hugcrashtest

package mutations

import (
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
)

// Built only with `-tags hugcrashtest` (the SIGKILL test and the
// durability run build the hub so); ./hug has no crash points.
//
//   - HUG_CRASH_AFTER_COMMIT=<mutation id>: SIGKILL right after that
//     mutation's outcome commits, before any response is written;
//   - HUG_CRASH_AFTER_COMMITS=<n>: SIGKILL right after the n-th mutation
//     committed since start.
var commits atomic.Int64

func afterCommit(id string) {
	if id != "" && id == os.Getenv("HUG_CRASH_AFTER_COMMIT") {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	n := commits.Add(1)
	if limit, err := strconv.ParseInt(os.Getenv("HUG_CRASH_AFTER_COMMITS"), 10, 64); err == nil && n == limit {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
}

// CrashBuild reports whether this binary was built with the crash points.
const CrashBuild = true
