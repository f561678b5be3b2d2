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
//
// 第 04 课的练习（课文：lessons/04-exit/README.zh.md）：进程有哪几种结束方式，
// 父进程对每一种能知道些什么。程序把自己启动五份作为子进程，每个子进程按环境变
// 量 FORKROOM_WAY 指定的方式结束（见上表）。父进程启动全部五个子进程后打印
// checkpoint started 并从标准输入读一行，然后逐个等待子进程，每个打印一行
// child way=W pid=N code=C（正常退出）或 child way=W pid=N signal=S（被信号杀
// 死，S 是信号编号）。自己运行时，在检查点按回车。
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
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
	// 延迟调用只在 main 返回时执行，os.Exit、log.Fatal 和信号都不会执行它：只有
	// return 子进程会打印这一行。
	defer fmt.Printf("deferred call ran in the %s child\n", way)

	// TODO: End each child its way: return; os.Exit(code);
	// log.Fatal("giving up"); os.Exit(big); and for "kill", send this
	// process SIGKILL (find it with os.FindProcess(os.Getpid()), then Kill).
	// 让每个子进程按自己的方式结束：return；os.Exit(code)；
	// `log.Fatal("giving up")`；os.Exit(big)；kill 则是给本进程发 SIGKILL（先用
	// os.FindProcess(os.Getpid()) 找到它，再 Kill）。
	_, _ = code, big
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

	// TODO: Start one child for each of ways with startChild, all of them
	// before the checkpoint, and keep the *exec.Cmd of each.
	// 用 startChild 为 ways 里的每一种方式启动一个子进程，全部在检查点之前启动，并
	// 留下每个子进程的 *exec.Cmd。

	// TODO: checkpoint("started")

	// TODO: Wait for each child and print how it ended:
	// "child way=W pid=N code=C" with C from cmd.ProcessState.ExitCode(),
	// or "child way=W pid=N signal=S" when a signal killed it, S the
	// signal's number: look at cmd.ProcessState.Sys().(syscall.WaitStatus),
	// its Signaled() and int(Signal()).
	// 逐个等待子进程，打印它是怎么结束的：正常退出时打印
	// `child way=W pid=N code=C`，C 取自 cmd.ProcessState.ExitCode()；被信号杀死时
	// 打印 `child way=W pid=N signal=S`，S 是信号编号：看
	// cmd.ProcessState.Sys().(syscall.WaitStatus) 的 Signaled() 和 int(Signal())。
	fmt.Println("exit: no children started yet: see the TODOs in lessons/04-exit/main.go / 还没有启动子进程：见 main.go 里的 TODO")
}
