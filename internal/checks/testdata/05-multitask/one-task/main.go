// Command multitask, wrong on purpose: it runs task A only, in both modes.
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
	names := []string{"A"} // B forgotten
	switch os.Args[1] {
	case "goroutines":
		var wg sync.WaitGroup
		for _, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				task(name)
			}()
		}
		wg.Wait()
	case "processes":
		exe, err := os.Executable()
		if err != nil {
			log.Fatal(err)
		}
		var cmds []*exec.Cmd
		for _, name := range names {
			cmd := exec.Command(exe, "task", name)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Start(); err != nil {
				log.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				log.Fatal(err)
			}
		}
	case "task":
		task(os.Args[2])
	}
}
