package checks

import "testing"

func TestOrphanMutants(t *testing.T) {
	t.Run("a parent that waits for its child before it exits", func(t *testing.T) {
		gradeMutant(t, Orphan(), "06-orphan/parent-waits", "parent-exits-first", "adopted", "outlives-parent")
	})
	t.Run("a child that ends before its parent", func(t *testing.T) {
		gradeMutant(t, Orphan(), "06-orphan/child-exits-first", "parent-exits-first", "adopted", "outlives-parent")
	})
}
