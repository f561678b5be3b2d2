// Command orphan, wrong on purpose: the parent waits for its child before
// it exits, so the child is never an orphan. (Its child does not wait for
// its parent to change, or the two would wait for each other for ever.)
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"time"
)

const childMarker = "FORKROOM_CHILD"

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
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}
	if child == nil {
		fmt.Printf("child pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
		time.Sleep(time.Second)
		fmt.Printf("orphan pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
		fmt.Printf("orphan done pid=%d\n", os.Getpid())
		return
	}
	fmt.Printf("parent pid=%d child=%d\n", os.Getpid(), child.Process.Pid)
	checkpoint("parent-exit")
	_ = child.Wait() // the mistake: the parent outlives its child
	fmt.Println("parent exits")
}
