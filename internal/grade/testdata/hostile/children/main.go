// 200 sleeping children, then it sleeps too.
package main

import (
	"os/exec"
	"time"
)

func main() {
	for i := 0; i < 200; i++ {
		if err := exec.Command("sleep", "1000").Start(); err != nil {
			panic(err)
		}
	}
	time.Sleep(time.Hour)
}
