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
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	// list
	f, err := os.Open(dir)
	if err != nil {
		panic(err)
	}
	list, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		panic(err)
	}
	sortByName(list)
	var empty []string
	for _, d := range list {
		if d.IsDir() {
			fmt.Println("dir", d.Name())
			continue
		}
		fi, _ := d.Info()
		fmt.Println("file", d.Name(), strconv.FormatInt(fi.Size(), 10))
		if fi.Size() == 0 && fi.Mode().IsRegular() {
			empty = append(empty, d.Name())
		}
	}

	// exists
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			fmt.Println("exists", n, "no")
		} else {
			fmt.Println("exists", n, "yes")
		}
	}

	// remove
	for _, n := range empty {
		os.Remove(filepath.Join(dir, n))
		fmt.Println("removed", n)
	}
}

// sortByName sorts the entries: File.ReadDir does not, unlike os.ReadDir.
func sortByName(list []os.DirEntry) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].Name() < list[j-1].Name(); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}
