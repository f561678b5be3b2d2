package checks

import "testing"

func TestFilesMutants(t *testing.T) {
	t.Run("a program that removes every file, not only the empty ones", func(t *testing.T) {
		gradeMutant(t, Files(), "01-files/removes-everything", "removes-empty")
	})
	t.Run("a program that turns the exists test around and calls folders files", func(t *testing.T) {
		gradeMutant(t, Files(), "01-files/exists-inverted", "lists-entries", "exists", "removes-empty")
	})
}
