//go:build unix

package proc

import "syscall"

// fileID identifies the file at path (following links); zero when it cannot
// be read.
func fileID(path string) FileID {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return FileID{}
	}
	return FileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)} //nolint:unconvert // the types differ between systems
}
