package main

// Outlive the clean-up: a process whose main thread exits with a raw
// SYS_EXIT while its other threads run. The process table shows it as a
// zombie, but it is alive, and a grader that waits for zombies to go
// waits in vain.

import (
	"runtime"
	"syscall"
	"time"
)

var _ = role("rawexit", func() {
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	runtime.LockOSThread() // init runs on the main thread: end just it
	syscall.RawSyscall(syscall.SYS_EXIT, 0, 0, 0)
})

var _ = attack(func() {
	_, err := spawn("rawexit", false)
	report("rawexit: %v", err)
	time.Sleep(200 * time.Millisecond)
})
