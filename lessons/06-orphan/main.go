// Command orphan is the exercise of lesson 06: a parent that exits before
// its child. The child, now an orphan, is adopted by another process, sees
// its parent change, and finishes its work on its own.
//
// Usage:
//
//	orphan
//
// It prints:
//
//	parent pid=P child=C      by the parent, once the child is started
//	child pid=C ppid=P        by the child, as soon as it runs
//	checkpoint parent-exit    by the parent, which then reads one line from stdin
//	parent exits              by the parent, which then returns without waiting
//	orphan pid=C ppid=N       by the child, once its parent has changed to N
//	orphan done pid=C         by the child, after one more second of work
//
// Run by hand, press Enter at the checkpoint; the orphan's last two lines
// appear after your shell's prompt has come back.
// Check your work with `make lesson-06`.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// that it is the child.
const childMarker = "FORKROOM_CHILD"

// fork starts this same program again, as a child process, with the same
// arguments and childMarker=1 added to its environment. In the parent it
// returns the started child; in the child it returns nil. (Lesson 02: it is
// finished, use it as it is.)
func fork() (*exec.Cmd, error) {
	if os.Getenv(childMarker) == "1" {
		return nil, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), childMarker+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

// checkpoint prints "checkpoint NAME" and waits for one line on stdin, so
// that the checker (or you, with ps) can look at the processes now. It reads
// one byte at a time: parent and child share this stdin.
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

// work is how long the orphan keeps going after its parent has gone.
const work = time.Second

func main() {
	log.SetFlags(0)
	log.SetPrefix("orphan: ")

	// TODO: Start the child with fork(). In the child fork returns nil.

	// TODO: In the child: print "child pid=C ppid=P" (os.Getpid(),
	// os.Getppid()), and keep P.

	// TODO: In the child: poll os.Getppid() every few milliseconds until it
	// is no longer P. Then print "orphan pid=C ppid=N" with the new
	// os.Getppid(), work one more second (time.Sleep(work)), print
	// "orphan done pid=C" and return. If P is still the parent after a
	// minute, give up: say so on stderr and exit with status 1, without
	// the orphan lines: log.Fatalf("my parent %d has not exited within
	// %s", P, time.Minute).

	// TODO: In the parent: print "parent pid=P child=C" (C is
	// child.Process.Pid), then checkpoint("parent-exit"), then print
	// "parent exits" and return from main WITHOUT child.Wait().

	fmt.Println("orphan: nothing done yet, pid", os.Getpid())
}
