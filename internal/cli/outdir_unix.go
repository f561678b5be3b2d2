//go:build unix

package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// outDir is the folder a class run writes its results into, opened once.
// Every file is written into that folder, whatever its path names later: to
// a new temporary file beside it (O_EXCL, O_NOFOLLOW), synced, then renamed
// over the old name. A reader never sees half a file, and a symbolic link
// planted at a result's name is replaced by the file, never written through.
type outDir struct {
	path string
	fd   int
}

// openOutDir makes the folder if needed and opens it. A symbolic link given
// as the folder itself is followed once, now.
func openOutDir(path string) (*outDir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("writing grades: %w", err)
	}
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fmt.Errorf("writing grades: %w", err)
	}
	fd, err := unix.Open(resolved, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("writing grades: opening %s: %w", path, err)
	}
	return &outDir{path: path, fd: fd}, nil
}

// write replaces the file name in the folder with data, atomically.
func (d *outDir) write(name string, data []byte) error {
	var suffix [6]byte
	var fd int
	var tmp string
	var err error
	for i := 0; i < 10; i++ {
		_, _ = rand.Read(suffix[:])
		tmp = "." + name + "." + hex.EncodeToString(suffix[:]) + ".tmp"
		fd, err = unix.Openat(d.fd, tmp, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if !errors.Is(err, unix.EEXIST) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	f := os.NewFile(uintptr(fd), tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = unix.Renameat(d.fd, tmp, d.fd, name)
	}
	if err != nil {
		_ = unix.Unlinkat(d.fd, tmp, 0)
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	_ = unix.Fsync(d.fd)
	return nil
}

// read returns the file name in the folder; a symbolic link is refused.
func (d *outDir) read(name string) ([]byte, error) {
	fd, err := unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, fmt.Errorf("%s is a symbolic link: not reading it", filepath.Join(d.path, name))
		}
		return nil, &os.PathError{Op: "open", Path: filepath.Join(d.path, name), Err: err}
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<30))
}

func (d *outDir) close() { _ = unix.Close(d.fd) }
