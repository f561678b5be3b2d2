//go:build unix

package checks

import "syscall"

// filesMkfifo makes a named pipe at path.
func filesMkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
