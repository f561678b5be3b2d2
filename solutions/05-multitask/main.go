// Command multitask is the exercise of lesson 05: two tasks, A (3 s) and
// B (2 s), done at the same time, so that both are finished in about 3 s
// instead of 3 s + 2 s = 5 s. It does it twice over: with goroutines inside
// one process, and with two child processes.
//
// Usage:
//
//	multitask goroutines   run the tasks as two goroutines of this process
//	multitask processes    run each task in a child process of its own
//	multitask task NAME    run one task, A or B (what a child process does)
//
// Each task prints, from the process that runs it:
//
//	start task=NAME pid=PID
//	done task=NAME pid=PID
//
// and the program ends only when both tasks are done, printing
// "all done elapsed=3.00s".
//
// Check your work with `make lesson-05`.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"sync"
	"time"
)

// durations are how long each task works (it sleeps: a sleeping task needs
// no CPU, so two of them overlap even on one core).
var durations = map[string]time.Duration{"A": 3 * time.Second, "B": 2 * time.Second}

// names are the tasks in the order they are started.
var names = []string{"A", "B"}

// task is one unit of work: it reports the process that runs it, works, and
// reports again.
func task(name string) {
	fmt.Printf("start task=%s pid=%d\n", name, os.Getpid())
	time.Sleep(durations[name])
	fmt.Printf("done task=%s pid=%d\n", name, os.Getpid())
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("multitask: ")
	if len(os.Args) < 2 {
		usage()
	}
	begin := time.Now()
	switch os.Args[1] {
	case "goroutines":
		withGoroutines()
	case "processes":
		withProcesses()
	case "task":
		if len(os.Args) != 3 || durations[os.Args[2]] == 0 {
			usage()
		}
		task(os.Args[2])
		return
	default:
		usage()
	}
	fmt.Printf("all done elapsed=%.2fs\n", time.Since(begin).Seconds())
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: multitask goroutines|processes|task NAME")
	os.Exit(2)
}

// withGoroutines runs both tasks in this process at the same time.
func withGoroutines() {
	// TODO: Start each task in a goroutine of its own. A WaitGroup counts
	// the tasks still running: Add(1) before each go statement (not inside
	// the goroutine, or Wait may run before the Add), Done() when the task
	// ends. Since Go 1.22 each loop iteration has its own name variable, so
	// the closure sees the right one.
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task(name)
		}()
	}
	// TODO: Wait for both: when main returns, the program ends and takes its
	// goroutines with it, finished or not. (Go 1.25 adds wg.Go(f), which does
	// the Add, the go and the Done in one call; go.mod says 1.22, so not here.)
	wg.Wait()
}

// withProcesses runs each task in a child process, started together and
// waited for afterwards.
func withProcesses() {
	// TODO: Find this program's own executable: os.Executable() (on Linux,
	// the file /proc/self/exe points to).
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	// TODO: Start one child per task, "exe task NAME", with the child's
	// output going to ours. Start() returns as soon as the child runs;
	// Run() would wait for it to end, and the tasks would run one after
	// the other.
	var children []*exec.Cmd
	for _, name := range names {
		cmd := exec.Command(exe, "task", name)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			log.Fatal(err)
		}
		children = append(children, cmd)
	}
	// TODO: Only now wait for each child (os.waitpid). Waiting for A first
	// is fine: B runs meanwhile, and by the time A is done so is B.
	for _, cmd := range children {
		if err := cmd.Wait(); err != nil {
			log.Fatalf("child %d: %v", cmd.Process.Pid, err)
		}
	}
}
