// Command wait is the exercise of lesson 08: it starts one child process per
// task, reaps each child as soon as it finishes, the way Python's os.wait()
// does, and reports how each one ended.
//
// Usage:
//
//	wait MS:RESULT...
//
// Each argument is a task: the child sleeps MS milliseconds, then ends with
// RESULT, an exit status (0-125) or a signal it sends itself (KILL or TERM).
// For `wait 700:3 250:0 480:KILL` the program prints, in this order:
//
//	started task=1 pid=P1             one line per task, in the order given
//	started task=2 pid=P2
//	started task=3 pid=P3
//	reaped pid=P2 exit=0              one line per child, as each one finishes
//	reaped pid=P3 signal=9
//	reaped pid=P1 exit=3
//	checkpoint reaped                 then it waits for Enter and exits
//
// The children print a line of their own ("child pid=… ms=… result=…"),
// which the checker ignores.
//
// Check your work with `make lesson-08`.
package main

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// that it is a child.
const childMarker = "FORKROOM_CHILD"

// task is one child's job: sleep ms, then end with result.
type task struct {
	ms     int
	result string // "0".."125", "KILL" or "TERM"
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("wait: ")
	if os.Getenv(childMarker) == "1" {
		runChild(os.Args[1:])
		return
	}
	tasks, err := parseTasks(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: wait MS:RESULT...   (RESULT: 0-125, KILL or TERM)")
		log.Fatal(err)
	}

	var pids []int
	for i := range tasks {
		pid, err := startChild(tasks[i])
		if err != nil {
			fmt.Fprintln(os.Stderr, "cannot start child:", err)
			os.Exit(1)
		}
		pids = append(pids, pid)
		fmt.Printf("started task=%d pid=%d\n", len(pids), pid)
	}

	reaped := 0
	for reaped < len(pids) {
		var st syscall.WaitStatus
		who, err := syscall.Wait4(-1, &st, 0, nil)
		if err != nil {
			if err == syscall.EINTR {
				continue
			}
			fmt.Fprintln(os.Stderr, "wait4:", err)
			os.Exit(1)
		}
		reaped++
		if st.Exited() {
			fmt.Printf("reaped pid=%d exit=%d\n", who, st.ExitStatus())
			continue
		}
		fmt.Printf("reaped pid=%d signal=%d\n", who, st.Signal())
	}
	checkpoint("reaped")
}

// checkpoint prints "checkpoint NAME" and waits for one line on stdin, so
// that the checker (or you, with ps) can look at the processes now. It reads
// one byte at a time: the children share this stdin, and a buffered reader
// could take more than its line.
func checkpoint(name string) {
	fmt.Println("checkpoint", name)
	var b [1]byte
	for {
		n, err := os.Stdin.Read(b[:])
		if err != nil || (n == 1 && b[0] == '\n') {
			return
		}
	}
}

// parseTasks reads the MS:RESULT arguments.
func parseTasks(args []string) ([]task, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("no tasks given")
	}
	var tasks []task
	for _, a := range args {
		msText, result, ok := strings.Cut(a, ":")
		ms, err := strconv.Atoi(msText)
		if !ok || err != nil || ms < 0 {
			return nil, fmt.Errorf("bad task %q: want MS:RESULT, such as 300:4", a)
		}
		if result != "KILL" && result != "TERM" {
			if n, err := strconv.Atoi(result); err != nil || n < 0 || n > 125 {
				return nil, fmt.Errorf("bad result in %q: want 0-125, KILL or TERM", a)
			}
		}
		tasks = append(tasks, task{ms: ms, result: result})
	}
	return tasks, nil
}

// startChild starts a copy of this program as a child that does t, and
// returns the child's pid.
//
// It uses os.StartProcess, not exec.Command: the parent waits with
// syscall.Wait4(-1, ...), which takes whichever child ends first. An
// exec.Cmd expects to wait for its own child with cmd.Wait; when Wait4(-1)
// has already taken that child, cmd.Wait fails with "no child processes"
// (ECHILD). So the pid is all we keep, and Release says we will never call
// the os.Process's own Wait.
func startChild(t task) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	p, err := os.StartProcess(exe, []string{exe, fmt.Sprintf("%d:%s", t.ms, t.result)}, &os.ProcAttr{
		Env:   append(os.Environ(), childMarker+"=1"),
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
	})
	if err != nil {
		return 0, err
	}
	pid := p.Pid
	_ = p.Release()
	return pid, nil
}

// runChild is the child's side: sleep, then end as the task says.
func runChild(args []string) {
	tasks, err := parseTasks(args)
	if err != nil || len(tasks) != 1 {
		log.Fatalf("child: bad task %q", args)
	}
	t := tasks[0]
	fmt.Printf("child pid=%d ms=%d result=%s\n", os.Getpid(), t.ms, t.result)
	time.Sleep(time.Duration(t.ms) * time.Millisecond)
	switch t.result {
	case "KILL":
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	case "TERM":
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	default:
		n, _ := strconv.Atoi(t.result)
		os.Exit(n)
	}
	time.Sleep(time.Minute) // the signal ends the process before this
}
