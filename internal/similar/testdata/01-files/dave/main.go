// Command files is the exercise of lesson 01: it looks at a folder with the
// five file operations the course starts with.
//
// Usage:
//
//	files DIR [NAME...]
//
// It prints, in this order:
//
//	dir NAME             for every sub-folder of DIR
//	file NAME SIZE       for every other entry of DIR, SIZE in bytes
//	exists NAME yes|no   for every NAME given, whether DIR/NAME exists
//	removed NAME         for every empty regular file of DIR, after removing it
//
// Check your work with `make lesson-01`.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

type entry struct {
	name  string
	isDir bool
	size  int64
	empty bool
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	all, err := scan(dir)
	check(err)
	for _, e := range all {
		if e.isDir {
			fmt.Println("dir " + e.name)
		} else {
			fmt.Println("file "+e.name, e.size)
		}
	}

	for _, name := range names {
		_, err := os.Stat(filepath.Join(dir, name))
		switch {
		case err == nil:
			fmt.Println("exists " + name + " yes")
		case errors.Is(err, fs.ErrNotExist):
			fmt.Println("exists " + name + " no")
		default:
			check(err)
		}
	}

	for _, e := range all {
		if !e.empty {
			continue
		}
		check(os.Remove(filepath.Join(dir, e.name)))
		fmt.Println("removed " + e.name)
	}
}

// scan reads the folder once and remembers what the program needs.
func scan(dir string) ([]entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]entry, 0, len(des))
	for _, de := range des {
		info, err := de.Info()
		if err != nil {
			return nil, err
		}
		out = append(out, entry{
			name:  de.Name(),
			isDir: de.IsDir(),
			size:  info.Size(),
			empty: info.Mode().IsRegular() && info.Size() == 0,
		})
	}
	return out, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
