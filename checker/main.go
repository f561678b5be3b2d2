// Command checker grades the exercises of the forkroom workbook.
//
// It builds the program of a lesson with `go build`, runs it as a black box,
// and checks what it does against ground truth: the process table, the file
// system, the clock and real sockets. Each check has points, a hint and a
// failure message that says what was expected and what happened.
//
// Usage:
//
//	checker list                   every lesson, its state, and your progress
//	checker run LESSON [flags]     grade a lesson: 01, 1, all, or chatroom
//	checker hint LESSON            the lesson's hints
//	checker reset LESSON [--yes]   put the lesson's stub back as it was
//	checker watch [LESSON]         grade again on every save, then move on
//	checker grade DIR... [flags]   grade every lesson of several submissions (teachers)
//
// The flags of run: --solution grades solutions/ instead of lessons/; --dir
// DIR grades another copy of the workbook (a student's submission); --json
// prints exercism's results.json (version 3) with points; -v shows the
// programs' whole output; --seed N repeats a run's random choices (not its
// timing); --jobs N grades that many lessons at the same time, each in a
// worker process of its own.
//
// The flags of grade: --out DIR writes grades.json and grades.csv after
// every student (--resume goes on with an interrupted run); --roster FILE
// joins folders to students and adds Canvas's and Moodle's import files;
// --before TIME grades each git repository as of its last commit before
// TIME; --lessons, --jobs and --seed as for run. docs/teacher.md has the
// details.
// Every command takes --lang zh|en; by default the language comes from
// LC_ALL, LC_MESSAGES or LANG (zh_* is Chinese).
//
// Exit status: 0 at full marks, 1 when a check failed, 2 for a usage error or
// when the checker itself could not run.
//
// Run it from anywhere inside the workbook, with `go run ./checker` or, after
// `go install ./checker`, as `checker`. `make lesson-NN` is `checker run NN`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"forkroom/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	wd, _ := os.Getwd()
	code := cli.Main(cli.Env{
		Args:     os.Args[1:],
		Stdin:    os.Stdin,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Dir:      wd,
		Terminal: term.IsTerminal(int(os.Stdout.Fd())),
		// Progress lines go to stderr, and only to a terminal.
		ErrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Ctx:         ctx,
	})
	stop()
	os.Exit(code)
}
