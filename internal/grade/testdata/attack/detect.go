package main

// Find out whether we are being graded, and by whom, and learn what the
// grader knows: its command line names every submission and the results
// folder, its environment is the teacher's.

import (
	"fmt"
	"os"
	"strconv"
)

var _ = attack(func() {
	ppid := os.Getppid()
	cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", ppid))
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", ppid))
	report("detect parent %d cmdline=%q exe=%q (%v)", ppid, cmdline, exe, err)
	report("detect env %q", os.Environ())
	host, _ := os.Hostname()
	report("detect hostname %q", host)
	mounts, _ := os.ReadFile("/proc/self/mountinfo")
	report("detect mountinfo %q", mounts)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		c, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		x, _ := os.Readlink("/proc/" + e.Name() + "/exe")
		report("detect proc %s cmdline=%q exe=%q environ=%q (%v)", e.Name(), c, x, env, err)
	}
	for _, d := range []string{"/", "/tmp", "/home", "/root", "/work", "/proc/1/root", "/proc/1/cwd"} {
		names, err := os.ReadDir(d)
		var list []string
		for _, n := range names {
			list = append(list, n.Name())
		}
		report("detect ls %s %q (%v)", d, list, err)
	}
})
