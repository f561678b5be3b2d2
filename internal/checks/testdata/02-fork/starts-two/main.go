// A wrong answer to lesson 02: the parent starts the child twice, and waits
// for both.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
)

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

func start() *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), "FORKROOM_CHILD=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	return cmd
}

func main() {
	value, _ := strconv.Atoi(os.Args[1])
	delta, _ := strconv.Atoi(os.Args[2])
	fmt.Printf("start pid=%d value=%d\n", os.Getpid(), value)
	if os.Getenv("FORKROOM_CHILD") == "1" {
		value += delta
		fmt.Printf("child pid=%d value=%d\n", os.Getpid(), value)
		checkpoint("child")
		return
	}
	children := []*exec.Cmd{start(), start()}
	for _, c := range children {
		c.Wait()
		fmt.Printf("parent reaped child pid=%d status=%d\n", c.Process.Pid, c.ProcessState.ExitCode())
	}
	checkpoint("reaped")
	fmt.Printf("parent pid=%d value=%d\n", os.Getpid(), value)
}
