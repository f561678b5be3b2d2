package main

// Replace the checker with a script: the teacher's next command runs it.

import "os"

var _ = attack(func() {
	script := []byte("#!/bin/sh\necho 'Score 173/173'\n")
	err := os.WriteFile(targetChecker, script, 0o755)
	report("binary write: %v", err)
	err = os.WriteFile(targetChecker+".new", script, 0o755)
	if err == nil {
		err = os.Rename(targetChecker+".new", targetChecker)
	}
	report("binary rename: %v", err)
	exe, err := os.Executable()
	report("binary my own: %s (%v)", exe, err)
})
