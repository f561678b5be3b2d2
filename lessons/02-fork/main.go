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
//
// 第 02 课的练习（课文：lessons/02-fork/README.zh.md）：一个程序，两个进程。Go
// 没有 fork()，所以程序带着环境变量里的一个标记把自己再启动一份，每一份都问“我
// 是子进程吗？”，就像 Python 版课程里的 `if pid == 0`。用法和两个进程要打印的
// 行见上；自己运行时，每个检查点按一次回车。
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
	// 如果 `os.Getenv(childMarker)` 是 `"1"`，本进程就是子进程：返回 nil, nil。否
	// 则用 os.Executable() 找到本程序的文件，cmd := exec.Command(exe,
	// os.Args[1:]...)。它的 Env 设为 `append(os.Environ(), childMarker+"=1")`，
	// Stdin、Stdout、Stderr 设为 os.Stdin、os.Stdout、os.Stderr。Start 之后把它返
	// 回。

	// TODO: Once fork is written, delete the three placeholder lines below
	// and remove "errors" from the imports at the top: nothing else uses
	// it, and Go refuses to build a program with an unused import.
	// fork 写好以后，删掉下面三行占位的代码，并把顶上 import 里的 `"errors"` 去掉：
	// 别处都没用到它，而有没用到的导入，Go 不让编译。
	var cmd *exec.Cmd
	_ = cmd
	return nil, errors.New("fork is not written yet: see the TODOs in lessons/02-fork/main.go / fork 还没写：见 main.go 里的 TODO")
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
	// 先写上面的 fork：它把本程序再启动一份，作为子进程。
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}

	if child == nil {
		// TODO: In the child: add delta to value, print
		// "child pid=C value=V" (C is os.Getpid()), then checkpoint("child").
		// 子进程：给 value 加上 delta，打印 `child pid=C value=V`（C 是 os.Getpid()），
		// 然后 `checkpoint("child")`。
		_ = delta
		return
	}

	// TODO: In the parent: wait for the child (child.Wait()), print
	// "parent reaped child pid=C status=S" (C is child.Process.Pid, S is
	// child.ProcessState.ExitCode()), then checkpoint("reaped"), and last
	// "parent pid=P value=V".
	// 父进程：等待子进程（child.Wait()），打印
	// `parent reaped child pid=C status=S`（C 是 child.Process.Pid，S 是
	// child.ProcessState.ExitCode()），然后 `checkpoint("reaped")`，最后打印
	// `parent pid=P value=V`。
}
