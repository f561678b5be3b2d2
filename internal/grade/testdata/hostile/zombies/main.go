// Five children that end at once and are never waited for: zombies, until
// the program exits and leaves them to whoever adopts them.
package main

import (
	"os/exec"
	"time"
)

func main() {
	for i := 0; i < 5; i++ {
		if err := exec.Command("true").Start(); err != nil {
			panic(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
}
