// A wrong program for lesson 09: a single fork. The parent starts the
// worker itself and does not wait for it; the worker is its child, not an
// orphan, for as long as the parent lives. It must fail grandchild-adopted,
// and only that.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// which generation it is: "1" for the child, "2" for the grandchild.
const childMarker = "FORKROOM_CHILD"

// spawn starts this same program again with the same arguments and
// childMarker=generation in its environment, and returns it started, not
// waited for.
//
// Its stdout and stderr are this process's own files, handed over as they
// are. Had they been a bytes.Buffer or another io.Writer, cmd.Wait would
// also wait until every process holding the pipe it makes (the grandchild
// too) had closed it.
func spawn(generation string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), childMarker+"="+generation)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

// checkpoint prints "checkpoint NAME" and waits for one line on stdin, so
// that the checker (or you, with ps) can look at the processes now.
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

func main() {
	log.SetFlags(0)
	log.SetPrefix("doublefork: ")
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: doublefork MS")
		os.Exit(2)
	}
	ms, err := strconv.Atoi(os.Args[1])
	if err != nil || ms < 0 {
		log.Fatal("MS must be a whole number of milliseconds")
	}
	switch os.Getenv(childMarker) {
	case "":
		parent()
	case "1":
		child()
	case "2":
		grandchild(time.Duration(ms) * time.Millisecond)
	}
}

// parent starts the child, waits for it (it exits at once), and goes on
// with its own life: it never waits for the grandchild's work.
func parent() {
	fmt.Printf("parent pid=%d\n", os.Getpid())

	// Start the child with spawn("1"), then wait for it with
	// cmd.Wait() (os.waitpid): the child exits at once, and waiting
	// collects it, so it is never left a zombie. Print
	// "parent reaped child pid=C status=S".
	if _, err := spawn("2"); err != nil {
		log.Fatal(err)
	}

	// Call checkpoint("orphaned"): the grandchild is still working, and
	// its parent is no longer in this family. Then return.
	checkpoint("orphaned")
}

// child starts the grandchild and exits at once, without waiting for it:
// that is what makes the grandchild an orphan.
func child() {
	// Print "child pid=C ppid=P", start the grandchild with spawn("2"),
	// and return without waiting for it. When this process exits, the
	// kernel gives the grandchild a new parent: the nearest "subreaper"
	// above it (the checker, when graded), or else PID 1.
	fmt.Printf("child pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
	if _, err := spawn("2"); err != nil {
		log.Fatal(err)
	}
}

// grandchild does the long work, as an orphan.
func grandchild(work time.Duration) {
	// Print "grandchild pid=G ppid=X", work (sleep) for work, then print
	// "grandchild done pid=G ppid=N". Its parent is whoever adopted it:
	// nobody in this family waits for it, and its new parent reaps it.
	fmt.Printf("grandchild pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
	time.Sleep(work)
	fmt.Printf("grandchild done pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
}
