package proc

import (
	"time"

	"golang.org/x/sys/unix"
)

// preciseBoot is when the system booted, to the nanosecond, by the clock
// /proc's start times count on (CLOCK_BOOTTIME). The result carries a
// monotonic reading, so start times computed from it compare exactly with
// time.Now().
func preciseBoot() (time.Time, bool) {
	var ts unix.Timespec
	now := time.Now()
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return time.Time{}, false
	}
	return now.Add(-time.Duration(ts.Nano())), true
}
