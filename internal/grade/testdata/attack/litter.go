package main

// Leave files where the teacher will find (and maybe run) them: the home
// folder, /tmp, the shared memory folder, anything writable.

import (
	"os"
	"path/filepath"
)

var _ = attack(func() {
	for _, dir := range []string{targetHome, filepath.Join(targetHome, ".config"), "/tmp", "/var/tmp", "/dev/shm", "/", "/etc", "/usr/local/bin", filepath.Dir(targetClassmate)} {
		err := os.WriteFile(filepath.Join(dir, marker), []byte("#!/bin/sh\necho pwned\n"), 0o755)
		report("litter %s: %v", dir, err)
	}
})
