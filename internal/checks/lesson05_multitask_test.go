package checks

import "testing"

func TestMultitaskMutants(t *testing.T) {
	t.Run("a program that runs the tasks one after the other", func(t *testing.T) {
		gradeMutant(t, Multitask(), "05-multitask/sequential",
			"goroutines-overlap", "goroutines-wall-time", "processes-overlap", "processes-wall-time")
	})
	t.Run("a program that returns without waiting for its tasks", func(t *testing.T) {
		gradeMutant(t, Multitask(), "05-multitask/no-wait",
			"goroutines-complete", "goroutines-wall-time", "goroutines-waits", "processes-wall-time", "processes-waits")
	})
	t.Run("a program that runs one task only", func(t *testing.T) {
		gradeMutant(t, Multitask(), "05-multitask/one-task",
			"goroutines-complete", "goroutines-overlap", "processes-complete", "processes-overlap")
	})
}
