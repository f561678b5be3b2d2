// A wrong program for lesson 10: after each tick it waits for a child with
// a blocking Wait4 until none is left, so its work stops until the next
// child ends. Its children are reaped at once, never left as zombies. It
// must fail ticks-flow, and only that.
package main

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"syscall"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// that it is a child.
const childMarker = "FORKROOM_CHILD"

// tickEvery is the pace of the parent's own work.
const tickEvery = 100 * time.Millisecond

func main() {
	log.SetFlags(0)
	log.SetPrefix("sigchld: ")
	if os.Getenv(childMarker) == "1" {
		runChild(os.Args[1:])
		return
	}
	ticks, lifetimes, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: sigchld TICKS MS...")
		log.Fatal(err)
	}

	// Ask for SIGCHLD before starting any child, so that none can end
	// unnoticed: signal.Notify delivers each SIGCHLD the kernel sends
	// when a child ends to the channel. A buffer of 1 is enough: a
	// signal that arrives while one is still waiting in the channel adds
	// nothing, since the reaping loop below collects every child that
	// has ended, however many signals announced them.

	// Start one child per lifetime with startChild and print
	// "started pid=P ms=M" for each.
	for _, ms := range lifetimes {
		pid, err := startChild(ms)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("started pid=%d ms=%d\n", pid, ms)
	}

	// The parent's work: a tick every 100 ms, TICKS of them. Between
	// ticks, a SIGCHLD means "at least one child has ended": reap them
	// all, without blocking.
	tick := time.NewTicker(tickEvery)
	defer tick.Stop()
	for n := 1; n <= ticks; n++ {
		<-tick.C
		fmt.Printf("tick n=%d\n", n)
		var ws syscall.WaitStatus
		if pid, err := syscall.Wait4(-1, &ws, 0, nil); err == nil {
			fmt.Printf("reaped pid=%d exit=%d\n", pid, ws.ExitStatus())
		}
	}

	// Call checkpoint("done"), so that the checker can look at the
	// process table before the parent exits.
	checkpoint("done")
}

// reapAll collects every child that has ended, and returns as soon as none
// is left to collect. WNOHANG makes Wait4 return pid 0 at once when children
// remain but none has ended, instead of blocking; with no children at all it
// returns ECHILD. One SIGCHLD can stand for several ended children (signals
// of one kind do not queue), so one Wait4 per signal is not enough: loop.
func reapAll() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err != nil || pid <= 0 {
			return
		}
		fmt.Printf("reaped pid=%d exit=%d\n", pid, ws.ExitStatus())
	}
}

// parseArgs reads TICKS MS....
func parseArgs(args []string) (ticks int, lifetimes []int, err error) {
	if len(args) < 1 {
		return 0, nil, fmt.Errorf("no TICKS given")
	}
	if ticks, err = strconv.Atoi(args[0]); err != nil || ticks < 1 {
		return 0, nil, fmt.Errorf("bad TICKS %q: want a whole number, at least 1", args[0])
	}
	for _, a := range args[1:] {
		ms, err := strconv.Atoi(a)
		if err != nil || ms < 0 {
			return 0, nil, fmt.Errorf("bad MS %q: want a whole number of milliseconds", a)
		}
		lifetimes = append(lifetimes, ms)
	}
	return ticks, lifetimes, nil
}

// started is when this program started. Each child ends MS milliseconds
// after it, at an instant fixed in advance, not MS after its own start:
// children given the same MS end together, within the same millisecond,
// however long starting them one by one took.
var started = time.Now()

// startChild starts a copy of this program as a child that ends ms
// milliseconds after this program started, and returns its pid. The child
// gets its MS and the instant it must end (Unix milliseconds) as arguments.
// The parent reaps with Wait4(-1), so the os.Process is released: its own
// Wait is never used (lesson 08).
func startChild(ms int) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	end := started.Add(time.Duration(ms) * time.Millisecond).UnixMilli()
	p, err := os.StartProcess(exe, []string{exe, strconv.Itoa(ms), strconv.FormatInt(end, 10)}, &os.ProcAttr{
		Env:   append(os.Environ(), childMarker+"=1"),
		Files: []*os.File{nil, os.Stdout, os.Stderr},
	})
	if err != nil {
		return 0, err
	}
	pid := p.Pid
	_ = p.Release()
	return pid, nil
}

// runChild is the child's side, called with MS END: say so, live until the
// instant END (Unix milliseconds), exit 0.
func runChild(args []string) {
	if len(args) != 2 {
		log.Fatalf("child: want MS END, got %q", args)
	}
	ms, err := strconv.Atoi(args[0])
	if err != nil {
		log.Fatalf("child: bad MS %q", args[0])
	}
	end, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		log.Fatalf("child: bad END %q", args[1])
	}
	fmt.Printf("child pid=%d ms=%d\n", os.Getpid(), ms)
	time.Sleep(time.Until(time.UnixMilli(end)))
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
