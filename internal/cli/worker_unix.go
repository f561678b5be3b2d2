//go:build unix

package cli

import (
	"os"
	"syscall"

	"forkroom/internal/grade"
)

// workersSupported says whether lessons can be graded in worker processes:
// Unix systems hand a pipe to a child as an extra file descriptor.
const workersSupported = true

func closeOnExec(f *os.File) error {
	syscall.CloseOnExec(int(f.Fd()))
	return nil
}

// workerAttr starts a worker in a process group of its own, so that it and
// everything in its group can be killed at once, and (on Linux) killed when
// the checker dies.
func workerAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setPdeathsig(a)
	return a
}

// killGroup kills the process group led by pid.
func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// killProcess kills one process.
func killProcess(pid int) { _ = syscall.Kill(pid, syscall.SIGKILL) }

// reapChild collects a zombie child of the checker that no one else waits for.
func reapChild(pid int) {
	var ws syscall.WaitStatus
	_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
}

// exitOf says how a worker ended, in the engine's words.
func exitOf(st *os.ProcessState) grade.Exit {
	if st == nil {
		return grade.Exit{Code: -1}
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return grade.Exit{Code: -1, Signal: ws.Signal().String()}
	}
	return grade.Exit{Code: st.ExitCode()}
}
