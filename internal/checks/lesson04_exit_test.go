package checks

import "testing"

func TestExitMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that reads a wait status it never filled in", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/unfilled-status", "exit", "fatal", "low-bits", "killed")
	})
	t.Run("a parent that reports the killed child as code -1", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/signal-as-minus-one", "killed")
	})
	t.Run("a parent that reports the killed child as code 137, like a shell", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/signal-as-137", "killed")
	})
	t.Run("a parent that waits for each child before the checkpoint", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/waits-before-checkpoint", "real-children")
	})
	t.Run("a parent that prints the numbers it was given, not what the children ended with", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/echoes-arguments", "exit", "low-bits")
	})
	t.Run("a parent that treats the error of cmd.Wait as fatal", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/wait-error-fatal", "real-children", "exit", "fatal", "low-bits", "killed")
	})
	t.Run("a child without the parent's stderr", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/no-child-stderr", "fatal")
	})
	t.Run("a parent that never waits and prints what its arguments predict", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/never-waits", "return", "exit", "fatal", "low-bits", "killed")
	})
	t.Run("children that print their own report lines, and a parent that only waits", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/children-report-themselves", "return", "exit", "fatal", "low-bits", "killed")
	})
	t.Run("a parent that ignores SIGCHLD and prints what its arguments predict", func(t *testing.T) {
		gradeWrong(t, Exit(), "04-exit/ignores-sigchld", "real-children", "return", "exit", "fatal", "low-bits", "killed")
	})
}
