package main

// Take the teacher's memory: 2 GiB, touched, in a process of its own so
// that the lesson still passes.

import "os"

var _ = role("memory", func() {
	buf := make([]byte, 2<<30)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	report("memory allocated %d MiB", len(buf)>>20)
	os.Exit(0)
})

var _ = attack(func() {
	cmd, err := spawn("memory", false)
	if err == nil {
		err = cmd.Wait()
	}
	report("memory child: %v", err)
})
