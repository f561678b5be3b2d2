// Command fork is the exercise of lesson 02: one program, two processes.
//
// Go has no fork(). Instead the program starts a second copy of itself, with
// a marker in the environment, and each copy asks "am I the child?", the way
// the Python course asks `if pid == 0`.
//
// Usage:
//
//	fork START DELTA
//
// Both processes set value to START. The child adds DELTA to its value; the
// parent leaves its own alone. They print:
//
//	start pid=P value=START        by both processes: code before fork runs twice
//	child pid=C value=V            by the child, V = START+DELTA
//	checkpoint child               by the child, which then reads one line from stdin
//	parent reaped child pid=C status=S   by the parent, after waiting for the child
//	checkpoint reaped              by the parent, which then reads one line from stdin
//	parent pid=P value=V           by the parent: its value is still START
//
// Run by hand, press Enter at each checkpoint.
// Check your work with `make lesson-02`.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
)

// childMarker is the environment variable that tells a copy of this program
// that it is the child.
const childMarker = "FORKROOM_CHILD"

// fork starts this same program again, as a child process, with the same
// arguments and childMarker=1 added to its environment. In the parent it
// returns the started child; in the child it returns nil. Unlike POSIX fork,
// the child does not continue from here: it starts main from the top.
func fork() (*exec.Cmd, error) {
	if os.Getenv(childMarker) == "1" {
		return nil, nil // we are the child
	}
	// os.Executable is the file this process runs (on Linux, the target of
	// /proc/self/exe). os.Args[0] would do too, but it is only what the
	// caller typed: a bare name found through PATH, or a relative path.
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), childMarker+"=1")
	// Only these three files are shared with the child, and only because
	// we say so: without them the child reads from /dev/null and its
	// output goes nowhere.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

// checkpoint prints "checkpoint NAME" and waits for one line on stdin, so
// that the checker (or you, with ps) can look at the processes now. It reads
// one byte at a time: parent and child share this stdin, and a buffered
// reader could swallow the line meant for the other process.
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
	log.SetPrefix("fork: ")
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: fork START DELTA")
		os.Exit(2)
	}
	value, err1 := strconv.Atoi(os.Args[1])
	delta, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil {
		log.Fatal("START and DELTA must be whole numbers")
	}
	// This line runs in both processes: the child starts main again.
	fmt.Printf("start pid=%d value=%d\n", os.Getpid(), value)

	// TODO: Start a copy of this program as a child: exec.Command on
	// os.Executable(), the same arguments, childMarker=1 in its environment,
	// and the parent's stdin, stdout and stderr. The child finds the marker
	// and knows it is the child.
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}

	if child == nil {
		// TODO: In the child: add delta to value, print
		// "child pid=C value=V", then checkpoint("child").
		// The child has its own memory: this changes its value only.
		value += delta
		fmt.Printf("child pid=%d value=%d\n", os.Getpid(), value)
		checkpoint("child")
		return
	}

	// TODO: In the parent: wait for the child, print
	// "parent reaped child pid=C status=S", then checkpoint("reaped"), and
	// last "parent pid=P value=V".
	// Wait blocks until the child has ended and collects its exit status;
	// a parent that returns without it leaves an orphan behind.
	pid := child.Process.Pid
	if err := child.Wait(); err != nil {
		log.Printf("the child failed: %v", err)
	}
	fmt.Printf("parent reaped child pid=%d status=%d\n", pid, child.ProcessState.ExitCode())
	checkpoint("reaped")
	fmt.Printf("parent pid=%d value=%d\n", os.Getpid(), value)
}
