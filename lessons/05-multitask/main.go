// Command multitask is the exercise of lesson 05: two tasks, A (3 s) and
// B (2 s), done at the same time, so that both are finished in about 3 s
// instead of 3 s + 2 s = 5 s. It does it twice over: with goroutines inside
// one process, and with two child processes.
//
// Usage:
//
//	multitask goroutines   run the tasks as two goroutines of this process
//	multitask processes    run each task in a child process of its own
//	multitask task NAME    run one task, A or B (what a child process does)
//
// Each task prints, from the process that runs it:
//
//	start task=NAME pid=PID
//	done task=NAME pid=PID
//
// and the program ends only when both tasks are done, printing
// "all done elapsed=3.00s".
//
// Check your work with `make lesson-05`.
//
// 第 05 课的练习（课文：lessons/05-multitask/README.zh.md）：同时做两个任务，A
// （3 秒）和 B（2 秒），两个都做完只用 3 秒左右，而不是 3 秒 + 2 秒 = 5 秒。要
// 做两遍：一遍用同一个进程里的 goroutine，一遍用两个子进程。每个任务由运行它的
// 进程打印 start 和 done 两行（见上），两个任务都做完了程序才结束，最后打印
// all done elapsed=3.00s。
package main

import (
	"fmt"
	"log"
	"os"
	"time"
)

// durations are how long each task works (it sleeps: a sleeping task needs
// no CPU, so two of them overlap even on one core).
var durations = map[string]time.Duration{"A": 3 * time.Second, "B": 2 * time.Second}

// names are the tasks in the order they are started.
var names = []string{"A", "B"}

// task is one unit of work: it reports the process that runs it, works, and
// reports again. It is finished: call it, do not change it.
func task(name string) {
	fmt.Printf("start task=%s pid=%d\n", name, os.Getpid())
	time.Sleep(durations[name])
	fmt.Printf("done task=%s pid=%d\n", name, os.Getpid())
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("multitask: ")
	if len(os.Args) < 2 {
		usage()
	}
	begin := time.Now()
	switch os.Args[1] {
	case "goroutines":
		withGoroutines()
	case "processes":
		withProcesses()
	case "task":
		if len(os.Args) != 3 || durations[os.Args[2]] == 0 {
			usage()
		}
		task(os.Args[2])
		return
	default:
		usage()
	}
	fmt.Printf("all done elapsed=%.2fs\n", time.Since(begin).Seconds())
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: multitask goroutines|processes|task NAME")
	os.Exit(2)
}

// withGoroutines runs both tasks in this process at the same time.
func withGoroutines() {
	// TODO: Start each task in a goroutine of its own. A sync.WaitGroup
	// counts the tasks still running: Add(1) before each go statement,
	// Done() when the task ends.
	// 每个任务放在它自己的 goroutine 里启动。用 sync.WaitGroup 记下还在运行的任务
	// 数：每条 go 语句之前 Add(1)，任务结束时 Done()。

	// TODO: Wait for both with wg.Wait() before returning.
	// 返回之前用 wg.Wait() 等两个任务都做完。

	log.Print("goroutines: no task started yet (see the TODOs in withGoroutines) / 还没有启动任务：见 withGoroutines 里的 TODO")
}

// withProcesses runs each task in a child process, started together and
// waited for afterwards.
func withProcesses() {
	// TODO: Find this program's own executable: os.Executable().
	// 找到本程序自己的可执行文件：os.Executable()。

	// TODO: Start one child per task, exec.Command(exe, "task", name), with
	// cmd.Stdout and cmd.Stderr set to os.Stdout and os.Stderr. Use Start(),
	// which returns as soon as the child runs, not Run(), which waits.
	// 每个任务启动一个子进程：`exec.Command(exe, "task", name)`，cmd.Stdout 和
	// cmd.Stderr 设为 os.Stdout 和 os.Stderr。用 Start()，子进程一跑起来它就返回；
	// 不要用 Run()，它会等子进程结束。

	// TODO: Only when both are started, Wait() for each child.
	// 两个子进程都启动之后，再逐个 Wait()。

	log.Print("processes: no child started yet (see the TODOs in withProcesses) / 还没有启动子进程：见 withProcesses 里的 TODO")
}
