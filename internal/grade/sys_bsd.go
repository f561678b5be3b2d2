//go:build unix && !linux

package grade

import "syscall"

func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// becomeSubreaper reports that this system has no child subreapers: orphans
// go to PID 1 and cannot be followed.
func becomeSubreaper() (bool, error) { return false, nil }

// protectSelf does nothing here: there is no PR_SET_DUMPABLE.
func protectSelf() {}

// chownTree is never needed here: there is no sandbox.
func chownTree(string, int, int) error { return nil }
