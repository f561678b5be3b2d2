package grade

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func sysProcAttr() *syscall.SysProcAttr {
	// Its own process group, so that a timeout can signal the program and
	// everything it started at once; and killed if the checker dies.
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// becomeSubreaper makes the grading process adopt the orphans of the
// programs it runs, instead of PID 1. It also makes sure SIGCHLD is not
// ignored: that disposition would be inherited by every program started,
// and their waits would fail with ECHILD.
func becomeSubreaper() (bool, error) {
	if signal.Ignored(syscall.SIGCHLD) {
		// Notify replaces the inherited SIG_IGN with the runtime's handler
		// (signal.Reset would not). The channel is never read; a full
		// channel drops the signal, which is what we want.
		signal.Notify(make(chan os.Signal, 1), syscall.SIGCHLD)
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return false, fmt.Errorf("becoming a child subreaper: %w", err)
	}
	return true, nil
}
