//go:build !unix

package checks

import "os"

// sigChldHold and sigChldRelease: no job control here (lesson 10 is graded
// on Linux only).
var sigChldHold, sigChldRelease os.Signal
