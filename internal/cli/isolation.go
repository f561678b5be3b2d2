package cli

import (
	"forkroom/internal/grade"
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
//
// TODO(lead, when the sandbox branch is merged): grade.Options gains an
// Isolation field (grade.IsolateIfPossible is its zero value,
// grade.IsolateRequired, grade.IsolateNever). Replace the body with:
//
//	switch mode {
//	case isolateRequired:
//		opts.Isolation = grade.IsolateRequired
//	case isolateNever:
//		opts.Isolation = grade.IsolateNever
//	default:
//		opts.Isolation = grade.IsolateIfPossible
//	}
//
// and make isolationName report "sandbox" when sandbox.Available() is nil.
func setIsolation(opts *grade.Options, mode string) {
	_ = opts
	_ = mode
}

// isolationName says in grades.json how the programs ran: "sandbox" or
// "none".
//
// TODO(lead, with the sandbox): return "sandbox" when mode is not
// isolateNever and sandbox.Available() == nil.
func isolationName(mode string) string {
	_ = mode
	return "none"
}
