// Command multitask, wrong on purpose: it starts both tasks and returns
// without waiting for them (no wg.Wait, no cmd.Wait).
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"time"
)

var durations = map[string]time.Duration{"A": 3 * time.Second, "B": 2 * time.Second}

func task(name string) {
	fmt.Printf("start task=%s pid=%d\n", name, os.Getpid())
	time.Sleep(durations[name])
	fmt.Printf("done task=%s pid=%d\n", name, os.Getpid())
}

// startTask announces the task, then lets a goroutine do the work.
func startTask(name string) {
	fmt.Printf("start task=%s pid=%d\n", name, os.Getpid())
	go func() {
		time.Sleep(durations[name])
		fmt.Printf("done task=%s pid=%d\n", name, os.Getpid())
	}()
}

func main() {
	switch os.Args[1] {
	case "goroutines":
		startTask("A")
		startTask("B")
		// missing: wait for the goroutines
	case "processes":
		exe, err := os.Executable()
		if err != nil {
			log.Fatal(err)
		}
		for _, name := range []string{"A", "B"} {
			cmd := exec.Command(exe, "task", name)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Start(); err != nil {
				log.Fatal(err)
			}
		}
		// missing: cmd.Wait for each child
	case "task":
		task(os.Args[2])
	}
}
