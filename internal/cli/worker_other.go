//go:build unix && !linux

package cli

import (
	"os"
	"syscall"
)

func setPdeathsig(*syscall.SysProcAttr) {}

func selfExe() (string, error) { return os.Executable() }

// processStopped cannot tell without /proc; the worker's time bound still
// catches a stopped worker.
func processStopped(int) bool { return false }

func hardenProcess() {}
