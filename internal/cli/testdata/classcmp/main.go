// Command classcmp compares the grades.json of several runs of `checker
// grade` on the same class: every student's lesson statuses and points, and
// every check's verdict. It prints the differences and exits 1 if there are
// any (docs/benchmarks.md, "Class grading").
//
//	go run ./internal/cli/testdata/classcmp run1/grades.json run2/grades.json ...
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"forkroom/internal/gradebook"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: classcmp grades.json grades.json...")
		os.Exit(2)
	}
	// verdicts[key][run] is what run i said about key.
	verdicts := map[string][]string{}
	for i, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		book, err := gradebook.Read(f)
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, path+":", err)
			os.Exit(2)
		}
		set := func(key, v string) {
			if verdicts[key] == nil {
				verdicts[key] = make([]string, len(os.Args)-1)
			}
			verdicts[key][i] = v
		}
		for _, s := range book.Students {
			set(s.Folder, fmt.Sprintf("%s %d/%d", s.Status, s.Points, s.MaxPoints))
			for _, l := range s.Lessons {
				set(s.Folder+" "+l.Lesson, fmt.Sprintf("%s %d/%d", l.Status, l.Points, l.MaxPoints))
				for _, t := range l.Tests {
					id := t.ID
					if id == "" { // written before tests had their check_id
						id = strings.ReplaceAll(t.Name, " ", "_")
					}
					set(s.Folder+" "+l.Lesson+" "+id, t.Status)
				}
			}
		}
	}
	var keys []string
	for k := range verdicts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	diffs, checks := 0, 0
	for _, k := range keys {
		v := verdicts[k]
		if strings.Count(k, " ") == 2 {
			checks++
		}
		for _, x := range v[1:] {
			if x != v[0] {
				diffs++
				fmt.Printf("%-40s %s\n", k, strings.Join(v, " | "))
				break
			}
		}
	}
	fmt.Printf("%d runs, %d check verdicts each: %d differ\n", len(os.Args)-1, checks, diffs)
	if diffs > 0 {
		os.Exit(1)
	}
}
