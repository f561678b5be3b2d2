// A wrong lesson-01 program: it takes "no error" to mean "missing" (the
// test turned around), counts folders as files, and removes nothing.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	dir := os.Args[1]
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		fmt.Println("file", e.Name(), info.Size())
	}
	for _, n := range os.Args[2:] {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			fmt.Println("exists", n, "no")
		} else {
			fmt.Println("exists", n, "yes")
		}
	}
}
