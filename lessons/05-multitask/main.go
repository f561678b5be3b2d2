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
	"time"
)

// durations are how long each task works (it sleeps: a sleeping task needs
// no CPU, so two of them overlap even on one core).
var durations = map[string]time.Duration{"A": 3 * time.Second, "B": 2 * time.Second}

// names are the tasks in the order they are started.
var names = []string{"A", "B"}

// task is one unit of work: it reports the process that runs it, works, and
// reports again. It is finished: call it, do not change it.
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
	// TODO: Start each task in a goroutine of its own. A sync.WaitGroup
	// counts the tasks still running: Add(1) before each go statement,
	// Done() when the task ends.

	// TODO: Wait for both with wg.Wait() before returning.

	log.Print("goroutines: no task started yet (see the TODOs in withGoroutines)")
}

// withProcesses runs each task in a child process, started together and
// waited for afterwards.
func withProcesses() {
	// TODO: Find this program's own executable: os.Executable().

	// TODO: Start one child per task, exec.Command(exe, "task", name), with
	// cmd.Stdout and cmd.Stderr set to os.Stdout and os.Stderr. Use Start(),
	// which returns as soon as the child runs, not Run(), which waits.

	// TODO: Only when both are started, Wait() for each child.

	log.Print("processes: no child started yet (see the TODOs in withProcesses)")
}
