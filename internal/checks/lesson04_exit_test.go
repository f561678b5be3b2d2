package checks

import "testing"

func TestExitMutants(t *testing.T) {
	t.Run("a parent that reads a wait status it never filled in", func(t *testing.T) {
		gradeMutant(t, Exit(), "04-exit/unfilled-status", "exit", "fatal", "low-bits", "killed")
	})
	t.Run("a parent that reports the killed child as code -1", func(t *testing.T) {
		gradeMutant(t, Exit(), "04-exit/signal-as-minus-one", "killed")
	})
	t.Run("a parent that reports the killed child as code 137, like a shell", func(t *testing.T) {
		gradeMutant(t, Exit(), "04-exit/signal-as-137", "killed")
	})
	t.Run("a parent that waits for each child before the checkpoint", func(t *testing.T) {
		gradeMutant(t, Exit(), "04-exit/waits-before-checkpoint", "real-children")
	})
	t.Run("a parent that prints the numbers it was given, not what the children ended with", func(t *testing.T) {
		gradeMutant(t, Exit(), "04-exit/echoes-arguments", "exit", "low-bits")
	})
}
