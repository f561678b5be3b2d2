// A double fork whose grandchild leaves the process group and session with
// setsid and sleeps forever; the program itself exits at once.
package main

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	switch os.Getenv("HOSTILE_ROLE") {
	case "grandchild":
		time.Sleep(time.Hour)
	case "child":
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "HOSTILE_ROLE=grandchild")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			panic(err)
		}
	default:
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "HOSTILE_ROLE=child")
		if err := cmd.Run(); err != nil {
			panic(err)
		}
	}
}
