package main

// Fill the machine's process table: 511 processes that sleep.

import "os/exec"

var _ = attack(func() {
	started := 0
	var first error
	for i := 0; i < 511; i++ {
		if err := exec.Command("sleep", "60").Start(); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		started++
	}
	report("forkbomb started %d of 511 (%v)", started, first)
})
