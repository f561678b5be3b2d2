package checks

import "testing"

func TestZombieMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that waits for its child at once", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/waits-at-once", "zombie-seen")
	})
	t.Run("a parent that never waits for its child", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/never-reaps", "exit-code", "zombie-gone")
	})
	t.Run("a parent that treats the ExitError of Wait as fatal", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/wait-error-fatal", "exit-code", "zombie-gone")
	})
	t.Run("a parent that ends right after reaping, without the second checkpoint", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/no-second-checkpoint", "zombie-gone")
	})
	t.Run("a parent that kills the zombie instead of waiting", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/kills-zombie", "exit-code", "zombie-gone")
	})
	t.Run("a parent that reports the code it passed, while the child exits with 0", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/reports-argument", "exit-code")
	})
	t.Run("a parent that never waits and reports the code it passed", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/predicts-without-waiting", "exit-code", "zombie-gone")
	})
	t.Run("a parent that sleeps at the first checkpoint instead of waiting for the answer", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/sleeps-at-checkpoint", "zombie-seen", "zombie-gone")
	})
	t.Run("a parent that ignores SIGCHLD and reports the code it passed", func(t *testing.T) {
		gradeWrong(t, Zombie(), "07-zombie/ignores-sigchld", "zombie-seen", "exit-code")
	})
}
