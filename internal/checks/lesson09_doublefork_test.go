package checks

import "testing"

func TestDoubleForkMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that never waits for the child", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/no-wait", "no-zombie")
	})
	t.Run("a single fork: the parent starts the worker itself", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/single-fork", "grandchild-adopted")
	})
	t.Run("a child that waits for the grandchild's work", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/waits-for-grandchild", "grandchild-adopted", "parent-not-waiting")
	})
	t.Run("a parent that ignores SIGCHLD instead of waiting", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/ignores-sigchld", "no-zombie")
	})
	t.Run("a grandchild that does 55 % of its work", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/short-work", "work-done")
	})
	t.Run("children whose stdout is a buffer the parent prints after its wait", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/buffer-stdout", "parent-not-waiting")
	})
	t.Run("a grandchild that names the child that started it as its parent", func(t *testing.T) {
		gradeWrong(t, DoubleFork(), "09-doublefork/grandchild-names-child", "work-done")
	})
}
