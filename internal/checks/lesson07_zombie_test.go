package checks

import "testing"

func TestZombieMutants(t *testing.T) {
	t.Run("a parent that waits for its child at once", func(t *testing.T) {
		gradeMutant(t, Zombie(), "07-zombie/waits-at-once", "zombie-seen")
	})
	t.Run("a parent that never waits for its child", func(t *testing.T) {
		gradeMutant(t, Zombie(), "07-zombie/never-reaps", "exit-code", "zombie-gone")
	})
}
