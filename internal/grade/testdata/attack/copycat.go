package main

// While lesson 01 is graded, copy a classmate's lessons into our own
// folder: every later lesson is then graded on their work.

import (
	"io/fs"
	"os"
	"path/filepath"
)

var _ = attack(func() {
	from := filepath.Join(targetClassmate, "lessons")
	to := filepath.Join(targetOwn, "lessons")
	copied := 0
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		copied++
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	report("copycat copied %d files: %v", copied, err)
	// Failing that, write a lesson of our own where the next run looks.
	err = os.MkdirAll(filepath.Join(to, "02-fork"), 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(to, "02-fork", "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	}
	report("copycat wrote lesson 02: %v", err)
})
