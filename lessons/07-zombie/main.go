// Command zombie is the exercise of lesson 07: a child that has exited but
// has not been collected yet is a zombie. The parent leaves it one for a
// while, then reaps it and reports its exit status.
//
// Usage:
//
//	zombie CODE
//
// The child exits at once with status CODE (0-125). The program prints:
//
//	parent pid=P child=C      by the parent, once the child is started
//	child pid=C code=CODE     by the child, just before it exits
//	checkpoint zombie         by the parent, which then reads one line from stdin
//	reaped pid=C code=CODE    by the parent, after waiting for the child
//	checkpoint reaped         by the parent, which then reads one line from stdin
//
// Run by hand, press Enter at each checkpoint, and look at the processes with
// ps in another terminal before you do.
// Check your work with `make lesson-07`.
//
// 第 07 课的练习（课文：lessons/07-zombie/README.zh.md）：子进程以退出状态
// CODE 退出，父进程先不等待它，让它在进程表里当一会儿僵尸，然后回收它，报告它
// 的退出状态，再看着僵尸消失。要打印的行见上；自己运行时，每个检查点按一次回车。
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

func main() {
	log.SetFlags(0)
	log.SetPrefix("zombie: ")
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: zombie CODE")
		os.Exit(2)
	}
	code, err := strconv.Atoi(os.Args[1])
	if err != nil || code < 0 || code > 125 {
		log.Fatal("CODE must be a whole number from 0 to 125")
	}

	// TODO: Start the child with fork(). In the child fork returns nil.
	// 用 fork() 启动子进程。在子进程里 fork 返回 nil。

	// TODO: In the child: print "child pid=C code=CODE" and exit at once
	// with os.Exit(code).
	// 子进程：打印 `child pid=C code=CODE`，然后马上用 os.Exit(code) 退出。

	// TODO: In the parent: print "parent pid=P child=C" (C is
	// child.Process.Pid), then checkpoint("zombie") WITHOUT waiting first.
	// 父进程：打印 `parent pid=P child=C`（C 是 child.Process.Pid），然后
	// `checkpoint("zombie")`，在这之前先不要等待子进程。

	// TODO: Then reap the child with child.Wait() (a non-zero status comes
	// back as an *exec.ExitError: expected here) and print
	// "reaped pid=C code=N", N from child.ProcessState.ExitCode().
	// 然后用 child.Wait() 回收子进程（退出状态不为 0 时它返回一个 *exec.ExitError，
	// 这里是意料之中的），打印 `reaped pid=C code=N`，N 取自
	// child.ProcessState.ExitCode()。

	// TODO: Last, checkpoint("reaped").
	// 最后 `checkpoint("reaped")`。

	fmt.Println("zombie: nothing done yet; the child should exit with", code, "/ 还什么都没做：见 main.go 里的 TODO")
}
