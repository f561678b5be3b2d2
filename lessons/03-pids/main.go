// Command pids is the exercise of lesson 03: who am I, and who started me?
//
// The program starts one copy of itself as a child, as in lesson 02, and
// both processes say who they are (os.Getpid) and who their parent is
// (os.Getppid).
//
// Usage:
//
//	pids
//
// It prints:
//
//	parent pid=P ppid=G child=C   by the parent: its pid, its parent's, its child's
//	child pid=C ppid=P            by the child: its pid and its parent's
//	checkpoint child              by the child, which then reads one line from stdin
//	parent reaped child pid=C     by the parent, after waiting for the child
//
// Run by hand, press Enter at the checkpoint.
// Check your work with `make lesson-03`.
//
// 第 03 课的练习（课文：lessons/03-pids/README.zh.md）：我是谁，谁启动了我？程
// 序像第 02 课那样把自己再启动一份作为子进程，两个进程各自报告自己的进程号（
// os.Getpid）和父进程号（os.Getppid）。要打印的行见上；自己运行时，在检查点按
// 回车。
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
)

// childMarker is the environment variable that tells a copy of this program
// that it is the child.
const childMarker = "FORKROOM_CHILD"

// fork starts this same program again, as a child process, with the same
// arguments and childMarker=1 added to its environment. In the parent it
// returns the started child; in the child it returns nil. (Lesson 02.)
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
	log.SetPrefix("pids: ")
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}

	if child == nil {
		// TODO: In the child: print "child pid=C ppid=P" with os.Getpid()
		// and os.Getppid(), then checkpoint("child").
		// 子进程：用 os.Getpid() 和 os.Getppid() 打印 `child pid=C ppid=P`，然后
		// `checkpoint("child")`。
		return
	}

	// TODO: In the parent: print "parent pid=P ppid=G child=C". P and G come
	// from os.Getpid() and os.Getppid(); C is child.Process.Pid, the pid
	// the kernel gave the child (there is no getpid for somebody else).
	// 父进程：打印 `parent pid=P ppid=G child=C`。P 和 G 取自 os.Getpid() 和
	// os.Getppid()；C 是 child.Process.Pid，也就是内核分配给子进程的进程号（别的进
	// 程的进程号没有 getpid 可问）。

	// The wait is already written: child.Wait() blocks until the child has
	// ended and collects it.
	// 等待已经写好了：child.Wait() 一直阻塞到子进程结束，并回收它。
	if err := child.Wait(); err != nil {
		log.Printf("the child failed: %v", err)
	}
	// TODO: Print "parent reaped child pid=C" here, after the wait (C is
	// child.Process.Pid), in place of the line below.
	// 在等待之后，在这里打印 `parent reaped child pid=C`（C 是 child.Process.Pid），
	// 代替下面那一行。
	fmt.Println("pids: nothing printed yet: see the TODOs in lessons/03-pids/main.go / 还什么都没打印：见 main.go 里的 TODO")
}
