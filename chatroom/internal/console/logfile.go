package console

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrNotRegular is returned by OpenLog for a path that is a symbolic link
// or anything but a regular file.
var ErrNotRegular = errors.New("not a regular file")

// OpenLog opens the chat log for appending, creating it readable by its
// owner only (it holds what students wrote). It refuses a symbolic link
// (on Unix, atomically: O_NOFOLLOW), so that a link planted where the log
// goes cannot make the server write into another file, and anything that is
// not a regular file (a FIFO would block the server).
func OpenLog(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("chat log %s: %w (%s)", path, ErrNotRegular, describeMode(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("chat log %s: %w (a symbolic link)", path, ErrNotRegular)
		}
		return nil, fmt.Errorf("chat log: %w", err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("chat log %s: %w", path, ErrNotRegular)
	}
	return f, nil
}

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	}
	return m.Type().String()
}
