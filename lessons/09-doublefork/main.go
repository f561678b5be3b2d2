// Command doublefork is the exercise of lesson 09: the double fork. The
// parent starts a child, the child starts a grandchild and exits at once,
// and the parent reaps the child. The grandchild, now an orphan adopted by
// another process, does the long work on its own. No process is ever left a
// zombie, and the parent never waits for the work.
//
// Usage:
//
//	doublefork MS
//
// MS is how long the grandchild's work takes, in milliseconds. It prints:
//
//	parent pid=P                        by the parent, first
//	child pid=C ppid=P                  by the child, as soon as it runs
//	grandchild pid=G ppid=X             by the grandchild, as soon as it runs
//	parent reaped child pid=C status=0  by the parent, once the child has exited
//	checkpoint orphaned                 by the parent, which then reads one line from stdin and exits
//	grandchild done pid=G ppid=N        by the grandchild, MS ms later; N is its new parent
//
// X is C, or already the new parent if the child was quicker. Run by hand,
// press Enter at the checkpoint; the grandchild's last line appears after
// your shell's prompt has come back.
//
// Check your work with `make lesson-09`.
//
// 第 09 课的练习（课文：lessons/09-doublefork/README.zh.md）：二次 fork。父进
// 程启动一个子进程，子进程启动孙进程后马上退出，父进程回收子进程，孙进程成了孤
// 儿，由别的进程收养，独自把 MS 毫秒的工作做完。要打印的行见上；自己运行时，在
// 检查点按回车。
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// childMarker is the environment variable that tells a copy of this program
// which generation it is: "1" for the child, "2" for the grandchild.
const childMarker = "FORKROOM_CHILD"

// spawn starts this same program again with the same arguments and
// childMarker=generation in its environment, and returns it started, not
// waited for.
//
// Its stdout and stderr are this process's own files, handed over as they
// are. Had they been a bytes.Buffer or another io.Writer, cmd.Wait would
// also wait until every process holding the pipe it makes (the grandchild
// too) had closed it.
func spawn(generation string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), childMarker+"="+generation)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
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

func main() {
	log.SetFlags(0)
	log.SetPrefix("doublefork: ")
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: doublefork MS")
		os.Exit(2)
	}
	ms, err := strconv.Atoi(os.Args[1])
	if err != nil || ms < 0 {
		log.Fatal("MS must be a whole number of milliseconds")
	}
	switch os.Getenv(childMarker) {
	case "":
		parent()
	case "1":
		child()
	case "2":
		grandchild(time.Duration(ms) * time.Millisecond)
	}
}

// parent starts the child, waits for it (it exits at once), and goes on
// with its own life: it never waits for the grandchild's work.
func parent() {
	fmt.Printf("parent pid=%d\n", os.Getpid())

	// TODO: Start the child with spawn("1"), then wait for it with
	// cmd.Wait() (os.waitpid): the child exits at once, and waiting
	// collects it, so it is never left a zombie. Print
	// "parent reaped child pid=C status=S" (cmd.Process.Pid,
	// cmd.ProcessState.ExitCode()).
	// 用 `spawn("1")` 启动子进程，再用 cmd.Wait()（os.waitpid）等待它：子进程马上
	// 就会退出，等待就把它回收了，所以它不会一直是僵尸。打印
	// `parent reaped child pid=C status=S`（cmd.Process.Pid、
	// cmd.ProcessState.ExitCode()）。

	// TODO: Call checkpoint("orphaned"). Then return.
	// 调用 `checkpoint("orphaned")`，然后返回。

	fmt.Println("doublefork: nothing done yet / 还什么都没做：见 main.go 里的 TODO")
}

// child starts the grandchild and exits at once, without waiting for it:
// that is what makes the grandchild an orphan.
func child() {
	// TODO: Print "child pid=C ppid=P" (os.Getpid(), os.Getppid()), start
	// the grandchild with spawn("2"), and return without waiting for it.
	// 打印 `child pid=C ppid=P`（os.Getpid()、os.Getppid()），用 `spawn("2")` 启动
	// 孙进程，然后不等它，直接返回。
}

// grandchild does the long work, as an orphan.
func grandchild(work time.Duration) {
	// TODO: Print "grandchild pid=G ppid=X", work (time.Sleep) for work,
	// then print "grandchild done pid=G ppid=N".
	// 打印 `grandchild pid=G ppid=X`，工作（time.Sleep）work 这么久，然后打印
	// `grandchild done pid=G ppid=N`。
}
