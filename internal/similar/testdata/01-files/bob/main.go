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
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	empties, err := listDir(dir)
	if err != nil {
		die(err)
	}
	for _, n := range names {
		fmt.Printf("exists %s %s\n", n, yesNo(exists(filepath.Join(dir, n))))
	}
	if err := removeAll(dir, empties); err != nil {
		die(err)
	}
}

// listDir prints every entry of dir and returns the empty regular files.
func listDir(dir string) ([]string, error) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var empties []string
	for _, e := range list {
		if e.IsDir() {
			fmt.Printf("dir %s\n", e.Name())
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return nil, err
		}
		fmt.Printf("file %s %d\n", e.Name(), fi.Size())
		if fi.Mode().IsRegular() && fi.Size() == 0 {
			empties = append(empties, e.Name())
		}
	}
	return empties, nil
}

// exists says whether something is at path.
func exists(path string) bool {
	_, err := os.Stat(path)
	return !os.IsNotExist(err)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// removeAll removes the named files of dir and says so for each.
func removeAll(dir string, files []string) error {
	for _, f := range files {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			return err
		}
		fmt.Printf("removed %s\n", f)
	}
	return nil
}

func die(err error) {
	fmt.Fprintln(os.Stderr, "files:", err)
	os.Exit(1)
}
