package checks

import "testing"

func TestPidsMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that reports its own pid as the child's", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/own-pid-as-child", "child-pid")
	})
	t.Run("a parent that guesses the child's pid is its own plus one", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/guessed-child-pid", "child-pid")
	})
	t.Run("a child that prints its pid and its parent's the wrong way round", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/swapped-ids", "child-ids")
	})
	t.Run("a parent that prints its own pid as its parent's", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/ppid-is-own-pid", "parent-ids")
	})
	t.Run("a child without the parent's stdin, gone before the checker looks", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/no-child-stdin", "child-pid", "child-ids")
	})
	t.Run("a goroutine instead of a child process", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/goroutine", "child-pid", "child-ids")
	})
	t.Run("a child that is a shell, not a copy of the program", func(t *testing.T) {
		gradeWrong(t, Pids(), "03-pids/shell-child", "child-pid", "child-ids")
	})
}
