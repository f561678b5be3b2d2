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
	"syscall"
	"time"
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
	switch way {
	case "return":
		return // main returns: status 0
	case "exit":
		os.Exit(code)
	case "fatal":
		log.Fatal("giving up") // prints to stderr, then os.Exit(1)
	case "big":
		os.Exit(big) // the kernel keeps only big & 0xFF
	case "kill":
		self, err := os.FindProcess(os.Getpid())
		if err != nil {
			log.Fatal(err)
		}
		self.Kill()           // SIGKILL cannot be caught: the process ends here
		time.Sleep(time.Hour) // never reached
	default:
		log.Fatalf("unknown way %q", way)
	}
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

	// TODO: Start one child for each of ways, all of them before the
	// checkpoint.
	children := make([]*exec.Cmd, len(ways))
	for i, way := range ways {
		cmd, err := startChild(way)
		if err != nil {
			log.Fatal(err)
		}
		children[i] = cmd
	}
	// The children have started; some may have ended already. Until the
	// parent waits, every one of them is still in the process table.
	checkpoint("started")

	// TODO: Wait for each child and print how it ended: "code=C" from
	// ProcessState.ExitCode(), or "signal=S" when a signal killed it.
	for i, cmd := range children {
		// Wait returns an *exec.ExitError for every ending but status 0;
		// the facts are in cmd.ProcessState either way.
		_ = cmd.Wait()
		pid := cmd.Process.Pid
		// ExitCode() is -1 when a signal ended the child: the wait status
		// tells which signal.
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			fmt.Printf("child way=%s pid=%d signal=%d\n", ways[i], pid, int(ws.Signal()))
			continue
		}
		fmt.Printf("child way=%s pid=%d code=%d\n", ways[i], pid, cmd.ProcessState.ExitCode())
	}
}
