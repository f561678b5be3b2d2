// A wrong answer to lesson 02: the "child" is a goroutine, not a process. It
// shares the parent's memory, so its change shows in the parent, and its pid
// is the program's own.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
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
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		value += delta
		fmt.Printf("child pid=%d value=%d\n", os.Getpid(), value)
		checkpoint("child")
	}()
	wg.Wait()
	fmt.Printf("parent reaped child pid=%d status=0\n", os.Getpid())
	checkpoint("reaped")
	fmt.Printf("parent pid=%d value=%d\n", os.Getpid(), value)
}
