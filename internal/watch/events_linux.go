package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// events wakes wake on inotify events below dir. Where inotify cannot be set
// up, it does nothing and polling alone finds the changes.
func events(ctx context.Context, dir string, wake chan<- struct{}) (stop func()) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return func() {}
	}
	const mask = unix.IN_CLOSE_WRITE | unix.IN_MODIFY | unix.IN_CREATE | unix.IN_DELETE | unix.IN_MOVED_TO | unix.IN_MOVED_FROM
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_, _ = unix.InotifyAddWatch(fd, path, mask)
		}
		return nil
	})
	f := os.NewFile(uintptr(fd), "inotify")
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := f.Read(buf); err != nil {
				return // closed by stop
			}
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	}()
	return func() { f.Close() }
}
