//go:build unix

package grade

import (
	"os"
	"syscall"
)

// signalGroup sends sig to the process group led by pid. A group that is
// already gone is not an error.
func signalGroup(pid int, sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return nil
	}
	if err := syscall.Kill(-pid, s); err != nil && err != syscall.ESRCH {
		return err
	}
	return nil
}

func signalOf(st *os.ProcessState) string {
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal().String()
	}
	return ""
}

// killPID sends SIGKILL to one process.
func killPID(pid int) { _ = syscall.Kill(pid, syscall.SIGKILL) }

// reap collects one zombie child of the checker, if it is one.
func reap(pid int) {
	var ws syscall.WaitStatus
	_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
}
