package checks

import "testing"

func TestForkMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a goroutine instead of a child process", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/goroutine", "starts-child", "one-child", "own-memory", "waits")
	})
	t.Run("a fork that forgets the marker test: every child starts a child", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/fork-bomb", "starts-child", "one-child", "own-memory", "waits")
	})
	t.Run("a parent that starts the child twice", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/starts-two", "one-child")
	})
	t.Run("a parent that ends without waiting for its child", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/no-wait", "waits")
	})
	t.Run("a parent that says it reaped the child before it waits", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/reaped-before-wait", "waits")
	})
	t.Run("a child without the parent's stdin, gone before the checker looks", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/no-child-stdin", "starts-child", "one-child")
	})
	t.Run("a parent that ignores SIGCHLD instead of waiting", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/ignores-sigchld", "waits")
	})
	t.Run("a child that is /bin/sleep, its lines printed by the parent", func(t *testing.T) {
		gradeWrong(t, Fork(), "02-fork/child-is-sleep", "starts-child")
	})
}
