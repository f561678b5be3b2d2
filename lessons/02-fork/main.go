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
	"errors"
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
// returns the started child; in the child it returns nil.
func fork() (*exec.Cmd, error) {
	// TODO: If os.Getenv(childMarker) is "1", this process is the child:
	// return nil, nil.

	// TODO: Otherwise find this program's file with os.Executable() and
	// make cmd := exec.Command(exe, os.Args[1:]...). Give it
	// append(os.Environ(), childMarker+"=1") as its Env, and os.Stdin,
	// os.Stdout and os.Stderr as its Stdin, Stdout and Stderr. Start it and
	// return it.

	// TODO: Once fork is written, delete the three placeholder lines below
	// and remove "errors" from the imports at the top: nothing else uses
	// it, and Go refuses to build a program with an unused import.
	var cmd *exec.Cmd
	_ = cmd
	return nil, errors.New("fork is not written yet: see the TODOs in lessons/02-fork/main.go")
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

	// TODO: Write fork (above). It starts a copy of this program as a child.
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}

	if child == nil {
		// TODO: In the child: add delta to value, print
		// "child pid=C value=V" (C is os.Getpid()), then checkpoint("child").
		_ = delta
		return
	}

	// TODO: In the parent: wait for the child (child.Wait()), print
	// "parent reaped child pid=C status=S" (C is child.Process.Pid, S is
	// child.ProcessState.ExitCode()), then checkpoint("reaped"), and last
	// "parent pid=P value=V".
}
