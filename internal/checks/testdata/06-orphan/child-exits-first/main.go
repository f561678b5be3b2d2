// Command orphan, wrong on purpose: the child does its work at once and
// ends while the parent is still paused, so nothing is left to be orphaned.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
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
		fmt.Printf("orphan done pid=%d\n", os.Getpid())
		return
	}
	fmt.Printf("parent pid=%d child=%d\n", os.Getpid(), child.Process.Pid)
	checkpoint("parent-exit")
	fmt.Println("parent exits")
}
