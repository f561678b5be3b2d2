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

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	// TODO: List dir with os.ReadDir (Python: os.listdir). For each entry
	// print "dir NAME" when it is a folder, otherwise "file NAME SIZE"; the
	// size comes from entry.Info() and its Size() (os.path.getsize).
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, entry := range entries {
		if entry.IsDir() {
			fmt.Println("dir", entry.Name())
		} else {
			info, err := entry.Info()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Println("file", entry.Name(), info.Size())
		}
	}

	// TODO: For each name in names, print "exists NAME yes" when
	// filepath.Join(dir, name) exists and "exists NAME no" when it does not.
	// os.Stat tells you: errors.Is(err, fs.ErrNotExist) (os.path.exists).
	for _, name := range names {
		_, err := os.Stat(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Println("exists", name, "no")
		} else {
			fmt.Println("exists", name, "yes")
		}
	}

	// TODO: Remove every empty regular file directly in dir with os.Remove
	// (os.remove) and print "removed NAME" for each. A regular file is one
	// whose Mode().IsRegular() is true (os.path.isfile). Leave folders,
	// non-empty files and everything inside sub-folders alone.
	for _, entry := range entries {
		info, err := entry.Info()
		if err != nil {
			continue
		}
		if info.Mode().IsRegular() && info.Size() == 0 {
			err = os.Remove(filepath.Join(dir, entry.Name()))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Println("removed", entry.Name())
		}
	}
}
