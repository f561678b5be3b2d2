// Command sigchld is the exercise of lesson 10: a parent that keeps working
// while its children come and go, and reaps each one when SIGCHLD says it
// has ended, so that no zombie stays and no wait ever holds the work up.
//
// Usage:
//
//	sigchld TICKS MS...
//
// The parent starts one child per MS (the child ends MS milliseconds after
// the parent started, so children given the same MS end at the same
// instant), then does its own work: a tick every 100 ms, TICKS of them.
// It prints:
//
//	started pid=P ms=M        by the parent, for each child it starts
//	child pid=P ms=M          by each child, as soon as it runs
//	tick n=N                  by the parent, every 100 ms, N = 1..TICKS
//	reaped pid=P exit=S       by the parent, as it reaps each child
//	checkpoint done           by the parent after the last tick; it then
//	                          reads one line from stdin and exits
//
// Check your work with `make lesson-10`.
//
// 第 10 课的练习（课文：lessons/10-sigchld/README.zh.md）：子进程来来去去，父
// 进程照常工作（每 100 毫秒一个 tick），而且从不留下僵尸：每收到一个 SIGCHLD
// 就把已经结束的子进程全部回收。要打印的行见上；最后一个 tick 之后在检查点等一
// 行。
package main

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// that it is a child.
const childMarker = "FORKROOM_CHILD"

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

	// TODO: Ask for SIGCHLD before starting any child, so that none can
	// end unnoticed: make a channel (chan os.Signal, buffer 1) and call
	// signal.Notify(ch, syscall.SIGCHLD).
	// 启动任何子进程之前先申请接收 SIGCHLD，这样哪个子进程结束都不会漏掉：建一个通
	// 道（chan os.Signal，缓冲为 1），调用 signal.Notify(ch, syscall.SIGCHLD)。

	// TODO: Start one child per lifetime with startChild and print
	// "started pid=P ms=M" for each.
	// 每个寿命用 startChild 启动一个子进程，每个打印一行 `started pid=P ms=M`。

	// TODO: The parent's work: a tick every 100 ms (time.NewTicker), TICKS
	// of them, each printed as "tick n=N". In the same loop, select on the
	// SIGCHLD channel too, and when a signal comes call reapAll. Never
	// block in a wait here: the ticks must go on.
	// 父进程的工作：每 100 毫秒一个 tick（time.NewTicker），共 TICKS 个，每个打印
	// `tick n=N`。在同一个循环里，也对 SIGCHLD 通道做 select，收到信号就调用
	// reapAll。这里绝不能阻塞在等待上：tick 必须一直走下去。

	// TODO: Call checkpoint("done").
	// 调用 `checkpoint("done")`。

	fmt.Println("sigchld: nothing done yet for", ticks, "ticks and", len(lifetimes), "children / 还什么都没做：见 main.go 里的 TODO")
}

// reapAll collects every child that has ended, and returns as soon as none
// is left to collect.
func reapAll() {
	// TODO: Loop: syscall.Wait4(-1, &ws, syscall.WNOHANG, nil) returns an
	// ended child's pid, or pid 0 at once when children remain but none
	// has ended (WNOHANG: do not block), or an error (ECHILD) when there
	// are no children at all. Print "reaped pid=P exit=S" for each child
	// and stop when pid <= 0 or err != nil. One SIGCHLD can stand for
	// several ended children, so one Wait4 per signal is not enough.
	// 循环：syscall.Wait4(-1, &ws, syscall.WNOHANG, nil) 返回一个已经结束的子进程
	// 的进程号；还有子进程但都没结束时，马上返回进程号 0（WNOHANG：不阻塞）；一个
	// 子进程都没有时，返回错误（ECHILD）。每回收一个打印 `reaped pid=P exit=S`，
	// `pid <= 0` 或 `err != nil` 时停止。一个 SIGCHLD 可能代表好几个已经结束的子进
	// 程，所以每个信号只调用一次 Wait4 是不够的。
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
