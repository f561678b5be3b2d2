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
//
// 第 08 课的练习（课文：lessons/08-wait/README.zh.md）：一次启动好几个子进程，
// 哪个一结束就回收哪个。每个参数是一个子进程的任务：睡 MS 毫秒，然后以 RESULT
// 结束（0 到 125 的退出状态，或者子进程给自己发的 KILL / TERM 信号）。要打印的
// 行见上；自己运行时，在检查点按回车。
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

	// TODO: Start one child per task with startChild, in the order given,
	// and print "started task=K pid=P" for each (K counts from 1). All of
	// them run at the same time: start them all before waiting for any.
	// 按给定的顺序，每个任务用 startChild 启动一个子进程，每个打印一行
	// `started task=K pid=P`（K 从 1 开始数）。它们要同时运行：全部启动之后才开始
	// 等待。

	// TODO: Reap them as they finish. syscall.Wait4(-1, &ws, 0, nil) is
	// Python's os.wait(): it blocks until any one child has ended and
	// returns that child's pid, its status in ws (a syscall.WaitStatus)
	// and an error. Call it once per child. For each, print
	// "reaped pid=P exit=N" when ws.Exited() (N is ws.ExitStatus()), or
	// "reaped pid=P signal=N" when ws.Signaled() (N is int(ws.Signal())).
	// 子进程结束一个就回收一个。syscall.Wait4(-1, &ws, 0, nil) 就是 Python 的
	// os.wait()：它一直阻塞到任意一个子进程结束，返回这个子进程的进程号，终止状态
	// 填在 ws（一个 syscall.WaitStatus）里，另外还返回一个错误。全部启动之后，有几
	// 个子进程就调用几次。每回收一个，ws.Exited() 时打印 `reaped pid=P exit=N`（N
	// 是 ws.ExitStatus()），ws.Signaled() 时打印 `reaped pid=P signal=N`（N 是
	// int(ws.Signal())）。

	// TODO: Call checkpoint("reaped"), so that the checker can look at the
	// process table before you exit.
	// 调用 `checkpoint("reaped")`，让检查器在你退出之前查看进程表。

	fmt.Println("wait: nothing done yet for", len(tasks), "tasks / 还什么都没做：见 main.go 里的 TODO")
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
