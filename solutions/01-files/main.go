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
	"log"
	"os"
	"path/filepath"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("files: ")
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	// List dir with os.ReadDir (Python: os.listdir). ReadDir returns the
	// entries sorted by name; Info() gives the size (os.path.getsize).
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	var empty []string
	for _, e := range entries {
		if e.IsDir() {
			fmt.Println("dir", e.Name())
			continue
		}
		info, err := e.Info()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("file", e.Name(), info.Size())
		// Mode().IsRegular() is os.path.isfile: not a folder, link,
		// pipe or device.
		if info.Mode().IsRegular() && info.Size() == 0 {
			empty = append(empty, e.Name())
		}
	}

	// os.path.exists: os.Stat, and the error says whether nothing is there.
	for _, name := range names {
		_, err := os.Stat(filepath.Join(dir, name))
		switch {
		case err == nil:
			fmt.Println("exists", name, "yes")
		case errors.Is(err, fs.ErrNotExist):
			fmt.Println("exists", name, "no")
		default:
			log.Fatal(err) // permission denied, say: neither yes nor no
		}
	}

	// os.remove: only the empty regular files found above.
	for _, name := range empty {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			log.Fatal(err)
		}
		fmt.Println("removed", name)
	}
}
