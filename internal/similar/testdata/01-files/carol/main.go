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
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	items, err := os.ReadDir(dir)
	if err != nil {
		log.Fatalf("cannot read %s: %v", dir, err)
	}
	toRemove := []string{}
	for i := 0; i < len(items); i++ {
		item := items[i]
		switch {
		case item.IsDir():
			fmt.Printf("dir %s\n", item.Name())
		default:
			st, err := os.Lstat(filepath.Join(dir, item.Name()))
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("file %s %d\n", item.Name(), st.Size())
			if st.Size() == 0 && st.Mode().IsRegular() {
				toRemove = append(toRemove, item.Name())
			}
		}
	}

	for i := range names {
		full := filepath.Join(dir, names[i])
		answer := "yes"
		if _, err := os.Stat(full); errors.Is(err, fs.ErrNotExist) {
			answer = "no"
		}
		fmt.Printf("exists %s %s\n", names[i], answer)
	}

	for i := range toRemove {
		if err := os.Remove(filepath.Join(dir, toRemove[i])); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("removed %s\n", toRemove[i])
	}
}
