package cli

import (
	"errors"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/sandbox"
)

// How a class run asks the grading engine to isolate the students' programs.
// `checker grade` requires the sandbox unless --unsafe; with --unsafe it uses
// the sandbox where the system allows it and runs without one elsewhere.
const (
	isolateRequired   = "required"
	isolateIfPossible = "if-possible"
	isolateNever      = "never"
)

// setIsolation passes the isolation a worker was asked for to the engine.
func setIsolation(opts *grade.Options, mode string) {
	switch mode {
	case isolateRequired:
		opts.Isolation = grade.IsolateRequired
	case isolateNever:
		opts.Isolation = grade.IsolateNever
	default:
		opts.Isolation = grade.IsolateIfPossible
	}
}

// isolationName says in grades.json how the programs ran: "sandbox" or
// "none".
func isolationName(mode string) string {
	if mode != isolateNever && sandbox.Available() == nil {
		return "sandbox"
	}
	return "none"
}

// checkIsolation refuses to grade when the isolation asked for cannot be
// had: untrusted submissions are never run unprotected without --unsafe.
func checkIsolation(mode string) error {
	if mode != isolateRequired {
		return nil
	}
	err := sandbox.Available()
	if err == nil {
		return nil
	}
	var why i18n.Localizer = i18n.Plain(err.Error())
	var ue *sandbox.UnavailableError
	if errors.As(err, &ue) {
		why = ue
	}
	return errorf("the submissions are not graded, because they must run in a sandbox: %v (--unsafe grades them without one)", why)
}
