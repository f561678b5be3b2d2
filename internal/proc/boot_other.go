//go:build !linux

package proc

import "time"

// preciseBoot is Linux only; elsewhere /proc's btime is used, if any.
func preciseBoot() (time.Time, bool) { return time.Time{}, false }
