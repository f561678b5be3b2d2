package checks

import "testing"

func TestWaitMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a program that waits for its children in start order", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/start-order", "completion-order")
	})
	t.Run("a program that polls with WNOHANG in a tight loop", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/busy-poll", "blocks")
	})
	t.Run("a program that forgets to wait for one child", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/forgets-one", "reaps-each-once", "no-zombies")
	})
	t.Run("a program that waits for each child before it starts the next", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/sequential", "started")
	})
	t.Run("a program that waits once too often and dies of ECHILD", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/one-wait-too-many", "started", "reaps-each-once", "completion-order", "statuses", "no-zombies", "blocks")
	})
	t.Run("a program that prints ExitStatus for the killed child", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/exit-status-for-signal", "statuses")
	})
	t.Run("a program whose cmd.Wait finds its children stolen by Wait4", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/exec-wait-steals", "started", "reaps-each-once", "completion-order", "statuses", "no-zombies", "blocks")
	})
	t.Run("a program that ignores SIGCHLD and prints what its arguments predict", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/predicts-and-ignores", "reaps-each-once", "statuses")
	})
	t.Run("children that print their own reaped lines, and a parent that never waits", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/children-report-themselves", "reaps-each-once", "statuses", "no-zombies")
	})
}
