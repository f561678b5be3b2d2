//go:build unix && !linux

package cli

import (
	"os"
	"syscall"
)

func setPdeathsig(*syscall.SysProcAttr) {}

func selfExe() (string, error) { return os.Executable() }

// workerState cannot tell without /proc; the worker's time bound still
// catches a stopped worker, and Wait an ended one.
func workerState(int) (stopped, ended bool) { return false, false }

func hardenProcess() {}

// childPIDs is not known without /proc: the sweep reads the process table.
func childPIDs() ([]int, bool) { return nil, false }
