// A wrong answer to lesson 02: the parent starts the child and ends without
// waiting for it, so the child is left an orphan.
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
	// Forgot cmd.Wait().
	fmt.Printf("parent pid=%d value=%d\n", os.Getpid(), value)
}
