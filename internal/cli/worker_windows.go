package cli

import (
	"os"
	"syscall"

	"forkroom/internal/grade"
)

// workersSupported is false: Windows cannot hand a pipe to a child as file
// descriptor 3, so lessons are graded in the checker's process, one at a
// time.
const workersSupported = false

func closeOnExec(*os.File) error { return errNoWorkers }

func workerAttr() *syscall.SysProcAttr { return nil }

func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

func killProcess(pid int) { killGroup(pid) }

func reapChild(int) {}

func selfExe() (string, error) { return os.Executable() }

func workerState(int) (stopped, ended bool) { return false, false }

func hardenProcess() {}

func exitOf(st *os.ProcessState) grade.Exit {
	if st == nil {
		return grade.Exit{Code: -1}
	}
	return grade.Exit{Code: st.ExitCode()}
}

func childPIDs() ([]int, bool) { return nil, false }
