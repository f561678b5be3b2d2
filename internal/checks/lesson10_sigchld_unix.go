//go:build unix

package checks

import (
	"os"
	"syscall"
)

// sigChldHold and sigChldRelease pause the program and let it go on
// (SIGSTOP, SIGCONT): lesson 10 holds the parent while a burst of its
// children ends.
var sigChldHold, sigChldRelease os.Signal = syscall.SIGSTOP, syscall.SIGCONT
