// Command zombie, wrong on purpose: the parent never waits for its child,
// so the zombie stays, and the exit status it reports is ExitCode() of a
// ProcessState that Wait never filled in: -1.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
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
	code, _ := strconv.Atoi(os.Args[1])
	child, err := fork()
	if err != nil {
		log.Fatal(err)
	}
	if child == nil {
		os.Exit(code)
	}
	fmt.Printf("parent pid=%d child=%d\n", os.Getpid(), child.Process.Pid)
	checkpoint("zombie")
	// missing: child.Wait()
	fmt.Printf("reaped pid=%d code=%d\n", child.Process.Pid, child.ProcessState.ExitCode())
	checkpoint("reaped")
}
