// A program that ignores SIGTERM and sleeps forever.
package main

import (
	"os/signal"
	"syscall"
	"time"
)

func main() {
	signal.Ignore(syscall.SIGTERM)
	time.Sleep(time.Hour)
}
