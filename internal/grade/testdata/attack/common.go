package main

// What every attack shares: a way to say what it tried (on stderr, so that
// lesson 01's output stays as it should), and a way to run a part of the
// attack in a process of its own, started from this same program, the way
// a program that wants to outlive its grading or harm the machine does it.

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

var (
	attacks []func()
	roles   = map[string]func(){}
)

// attack registers f to run before main.
func attack(f func()) bool { attacks = append(attacks, f); return true }

// role registers f as what a process started by spawn(name) does.
func role(name string, f func()) bool { roles[name] = f; return true }

func report(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ATTACK "+format+"\n", args...)
}

// spawn starts this program again in role name; detached, it leaves the
// process group and the session, as a daemon does.
func spawn(name string, detached bool) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "ATTACK_ROLE="+name)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if detached {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	return cmd, cmd.Start()
}

func init() {
	if name := os.Getenv("ATTACK_ROLE"); name != "" {
		if f := roles[name]; f != nil {
			f()
		}
		os.Exit(0)
	}
	for _, a := range attacks {
		a()
	}
}
