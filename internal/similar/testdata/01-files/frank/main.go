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

// fail prints the error and stops.
func fail(e error) {
	fmt.Fprintln(os.Stderr, "files:", e)
	os.Exit(1)
}

// deleteFiles deletes each file in folder and reports it.
func deleteFiles(folder string, victims []string) error {
	for _, v := range victims {
		if err := os.Remove(filepath.Join(folder, v)); err != nil {
			return err
		}
		fmt.Printf("removed %s\n", v)
	}
	return nil
}

func answer(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	zeroFiles, e := show(dir)
	if e != nil {
		fail(e)
	}
	for _, nm := range names {
		fmt.Printf("exists %s %s\n", nm, answer(present(filepath.Join(dir, nm))))
	}
	if e := deleteFiles(dir, zeroFiles); e != nil {
		fail(e)
	}
}

// present reports whether p exists.
func present(p string) bool {
	_, e := os.Stat(p)
	return !os.IsNotExist(e)
}

// show lists the folder and collects its empty files.
func show(folder string) ([]string, error) {
	items, e := os.ReadDir(folder)
	if e != nil {
		return nil, e
	}
	var zero []string
	for _, it := range items {
		if it.IsDir() {
			fmt.Printf("dir %s\n", it.Name())
			continue
		}
		st, e := it.Info()
		if e != nil {
			return nil, e
		}
		fmt.Printf("file %s %d\n", it.Name(), st.Size())
		if st.Mode().IsRegular() && st.Size() == 0 {
			zero = append(zero, it.Name())
		}
	}
	return zero, nil
}
