package checks

import "testing"

func TestSigChldMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that never reaps its children", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/no-handling", "no-zombies")
	})
	t.Run("a parent that calls Wait4 once per signal, without the loop", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/one-wait-per-signal", "no-zombies")
	})
	t.Run("a parent that reaps with a blocking Wait4, without WNOHANG", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/blocking-wait", "ticks-flow")
	})
	t.Run("a parent that lets the kernel reap with signal.Ignore gets full marks", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/ignore")
	})
	t.Run("a parent that prints all its ticks at once, then blocks in Wait4", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/ticks-at-once", "ticks-flow")
	})
	t.Run("a parent that kills each child as soon as it has started", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/kills-children", "children-ran")
	})
	t.Run("a parent that reaps only once, after its last tick", func(t *testing.T) {
		gradeWrong(t, SigChld(), "10-sigchld/reaps-at-end", "no-zombies")
	})
}
