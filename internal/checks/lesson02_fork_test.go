package checks

import "testing"

func TestForkMutants(t *testing.T) {
	t.Run("a goroutine instead of a child process", func(t *testing.T) {
		gradeMutant(t, Fork(), "02-fork/goroutine", "starts-child", "one-child", "own-memory", "waits")
	})
	t.Run("a parent that starts the child twice", func(t *testing.T) {
		gradeMutant(t, Fork(), "02-fork/starts-two", "one-child")
	})
	t.Run("a parent that ends without waiting for its child", func(t *testing.T) {
		gradeMutant(t, Fork(), "02-fork/no-wait", "waits")
	})
}
