//go:build !unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
)

// outDir is the folder a class run writes its results into. Each file is
// written to a temporary file beside it and renamed over the old name.
type outDir struct {
	path string
}

func openOutDir(path string) (*outDir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("writing grades: %w", err)
	}
	return &outDir{path: path}, nil
}

func (d *outDir) write(name string, data []byte) error {
	f, err := os.CreateTemp(d.path, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(d.path, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", filepath.Join(d.path, name), err)
	}
	return nil
}

func (d *outDir) read(name string) ([]byte, error) {
	p := filepath.Join(d.path, name)
	if st, err := os.Lstat(p); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link: not reading it", p)
	}
	return os.ReadFile(p)
}

func (d *outDir) close() {}
