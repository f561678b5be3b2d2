package main

// Read a classmate's work, and spoil it: append a line that does not
// compile to their lesson.

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

var _ = attack(func() {
	err := filepath.WalkDir(targetClassmate, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		report("classmate read %s: %d bytes (%v)", p, len(data), err)
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "secret") {
				report("classmate stole %q", line)
			}
		}
		return nil
	})
	report("classmate walk: %v", err)
	f, err := os.OpenFile(filepath.Join(targetClassmate, "lessons", "01-files", "main.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString("\nthis does not compile\n")
		f.Close()
	}
	report("classmate spoil: %v", err)
})
