// Command multitask, wrong on purpose: both modes run the tasks one after
// the other (a goroutine waited for at once; cmd.Run instead of Start).
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"sync"
	"time"
)

var durations = map[string]time.Duration{"A": 3 * time.Second, "B": 2 * time.Second}

func task(name string) {
	fmt.Printf("start task=%s pid=%d\n", name, os.Getpid())
	time.Sleep(durations[name])
	fmt.Printf("done task=%s pid=%d\n", name, os.Getpid())
}

func main() {
	switch os.Args[1] {
	case "goroutines":
		for _, name := range []string{"A", "B"} {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				task(name)
			}()
			wg.Wait() // waits for each task before starting the next
		}
	case "processes":
		exe, err := os.Executable()
		if err != nil {
			log.Fatal(err)
		}
		for _, name := range []string{"A", "B"} {
			cmd := exec.Command(exe, "task", name)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil { // Start and Wait in one
				log.Fatal(err)
			}
		}
	case "task":
		task(os.Args[2])
	}
}
