// A wrong lesson-01 program: it lists and answers right, but removes every
// regular file, empty or not.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	dir := os.Args[1]
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			fmt.Println("dir", e.Name())
			continue
		}
		info, _ := e.Info()
		fmt.Println("file", e.Name(), info.Size())
	}
	for _, n := range os.Args[2:] {
		_, err := os.Stat(filepath.Join(dir, n))
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Println("exists", n, "no")
		} else {
			fmt.Println("exists", n, "yes")
		}
	}
	for _, e := range entries {
		if !e.IsDir() {
			os.Remove(filepath.Join(dir, e.Name()))
			fmt.Println("removed", e.Name())
		}
	}
}
