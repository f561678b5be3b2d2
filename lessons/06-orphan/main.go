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
//
// 第 06 课的练习（课文：lessons/06-orphan/README.zh.md）：父进程先于子进程退出。
// 成了孤儿的子进程被另一个进程收养，看到自己的父进程变了，再独自把工作做完。要
// 打印的行见上；自己运行时，在检查点按回车，孤儿最后两行会出现在 shell 的提示
// 符之后。
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
	// 用 fork() 启动子进程。在子进程里 fork 返回 nil。

	// TODO: In the child: print "child pid=C ppid=P" (os.Getpid(),
	// os.Getppid()), and keep P.
	// 子进程：打印 `child pid=C ppid=P`（os.Getpid()、os.Getppid()），并记下 P。

	// TODO: In the child: poll os.Getppid() every few milliseconds until it
	// is no longer P. Then print "orphan pid=C ppid=N" with the new
	// os.Getppid(), work one more second (time.Sleep(work)), print
	// "orphan done pid=C" and return. If P is still the parent after a
	// minute, give up: say so on stderr and exit with status 1, without
	// the orphan lines: log.Fatalf("my parent %d has not exited within
	// %s", P, time.Minute).
	// 子进程：每隔几毫秒查看一次 os.Getppid()，直到它不再是 P。然后用新的
	// os.Getppid() 打印 `orphan pid=C ppid=N`，再工作一秒（time.Sleep(work)），打
	// 印 `orphan done pid=C` 后返回。如果过了一分钟父进程还是 P，就放弃：在标准错
	// 误上说明原因，以退出状态 1 退出，不打印 orphan 那两行：
	// `log.Fatalf("my parent %d has not exited within %s", P, time.Minute)`。

	// TODO: In the parent: print "parent pid=P child=C" (C is
	// child.Process.Pid), then checkpoint("parent-exit"), then print
	// "parent exits" and return from main WITHOUT child.Wait().
	// 父进程：打印 `parent pid=P child=C`（C 是 child.Process.Pid），然后
	// `checkpoint("parent-exit")`，再打印 `parent exits`，然后直接从 main 返回，千
	// 万不要调用 child.Wait()。

	fmt.Println("orphan: nothing done yet, pid", os.Getpid(), "/ 还什么都没做：见 main.go 里的 TODO")
}
