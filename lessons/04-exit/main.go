// Command exit is the exercise of lesson 04: the ways a process can end, and
// what its parent learns about each.
//
// The program starts five copies of itself as children. Each child ends in
// its own way, named by the environment variable FORKROOM_WAY:
//
//	return   returns from main                  exit status 0
//	exit     calls os.Exit(CODE)                exit status CODE
//	fatal    calls log.Fatal("giving up")       "giving up" on stderr, exit status 1
//	big      calls os.Exit(BIG)                 exit status BIG & 0xFF: only 8 bits survive
//	kill     sends itself SIGKILL               no exit status: killed by a signal
//
// Usage:
//
//	exit CODE BIG
//
// The parent starts all five children, prints "checkpoint started" and reads
// one line from stdin, then waits for each child in turn and prints one line
// for it:
//
//	child way=W pid=N code=C     when the child exited with status C
//	child way=W pid=N signal=S   when a signal killed it, S its number (9 for SIGKILL)
//
// Run by hand, press Enter at the checkpoint.
// Check your work with `make lesson-04`.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
)

// wayMarker names the way a child ends; the parent leaves it unset.
const wayMarker = "FORKROOM_WAY"

// ways are the children, in the order the parent starts and reports them.
var ways = []string{"return", "exit", "fatal", "big", "kill"}

// startChild starts a copy of this program, with the same arguments, that
// will end the way way says. Its output goes where the parent's goes.
func startChild(way string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), wayMarker+"="+way)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd, cmd.Start()
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

// child ends this process the way way says.
func child(way string, code, big int) {
	// A deferred call runs when main returns, and not at all on os.Exit,
	// log.Fatal or a signal: only the "return" child prints this.
	defer fmt.Printf("deferred call ran in the %s child\n", way)

	// TODO: End each child its way: return; os.Exit(code);
	// log.Fatal("giving up"); os.Exit(big); and for "kill", send this
	// process SIGKILL (find it with os.FindProcess(os.Getpid()), then Kill).
	_, _ = code, big
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("exit: ")
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: exit CODE BIG")
		os.Exit(2)
	}
	code, err1 := strconv.Atoi(os.Args[1])
	big, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil {
		log.Fatal("CODE and BIG must be whole numbers")
	}
	if way := os.Getenv(wayMarker); way != "" {
		child(way, code, big)
		return
	}

	// TODO: Start one child for each of ways with startChild, all of them
	// before the checkpoint, and keep the *exec.Cmd of each.

	// TODO: checkpoint("started")

	// TODO: Wait for each child and print how it ended:
	// "child way=W pid=N code=C" with C from cmd.ProcessState.ExitCode(),
	// or "child way=W pid=N signal=S" when a signal killed it, S the
	// signal's number: look at cmd.ProcessState.Sys().(syscall.WaitStatus),
	// its Signaled() and int(Signal()).
	fmt.Println("exit: no children started yet: see the TODOs in lessons/04-exit/main.go")
}
