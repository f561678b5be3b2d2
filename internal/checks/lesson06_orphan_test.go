package checks

import "testing"

func TestOrphanMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a parent that waits for its child before it exits", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/parent-waits", "parent-exits-first", "adopted", "outlives-parent")
	})
	t.Run("a child that ends before its parent", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/child-exits-first", "parent-exits-first", "adopted", "outlives-parent")
	})
	t.Run("a child that sleeps a fixed time instead of polling its parent", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/sleeps-fixed", "adopted")
	})
	t.Run("a child that reads its parent once instead of polling", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/reads-once", "parent-exits-first", "adopted", "outlives-parent")
	})
	t.Run("a child that prints the parent it remembered instead of the new one", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/prints-old-ppid", "adopted")
	})
	t.Run("a fork that runs the child with Run instead of Start", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/run-not-start", "child-started", "parent-exits-first", "adopted", "outlives-parent")
	})
	t.Run("a child that prints the adopter it predicts before its parent has exited", func(t *testing.T) {
		gradeWrong(t, Orphan(), "06-orphan/predicts-adopter", "adopted")
	})
}
