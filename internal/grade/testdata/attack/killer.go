package main

// Stop the grading: kill or stop the grader (our parent, and the pid seen
// in `ps`), and every process we are allowed to signal.

import (
	"syscall"
)

var _ = attack(func() {
	for _, pid := range []int{syscall.Getppid(), 1, targetCheckerPID, targetDecoyPID} {
		for _, sig := range []syscall.Signal{syscall.SIGSTOP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP,
			syscall.SIGQUIT, syscall.SIGSEGV, syscall.SIGUSR1, syscall.SIGPIPE, syscall.SIGKILL} {
			err := syscall.Kill(pid, sig)
			report("killer %d %v: %v", pid, sig, err)
		}
		err := syscall.PtraceAttach(pid)
		report("killer ptrace %d: %v", pid, err)
	}
	err := syscall.Kill(-1, syscall.SIGSTOP)
	report("killer -1 stop: %v", err)
})
