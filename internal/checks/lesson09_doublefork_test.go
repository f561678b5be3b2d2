package checks

import "testing"

func TestDoubleForkMutants(t *testing.T) {
	t.Run("a parent that never waits for the child", func(t *testing.T) {
		gradeMutant(t, DoubleFork(), "09-doublefork/no-wait", "no-zombie")
	})
	t.Run("a single fork: the parent starts the worker itself", func(t *testing.T) {
		gradeMutant(t, DoubleFork(), "09-doublefork/single-fork", "grandchild-adopted")
	})
	t.Run("a child that waits for the grandchild's work", func(t *testing.T) {
		gradeMutant(t, DoubleFork(), "09-doublefork/waits-for-grandchild", "grandchild-adopted", "parent-not-waiting")
	})
}
