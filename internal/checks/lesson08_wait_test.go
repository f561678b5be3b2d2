package checks

import "testing"

func TestWaitMutants(t *testing.T) {
	t.Run("a program that waits for its children in start order", func(t *testing.T) {
		gradeWrong(t, Wait(), "08-wait/start-order", "completion-order")
	})
	t.Run("a program that polls with WNOHANG in a tight loop", func(t *testing.T) {
		gradeMutant(t, Wait(), "08-wait/busy-poll", "blocks")
	})
	t.Run("a program that forgets to wait for one child", func(t *testing.T) {
		gradeMutant(t, Wait(), "08-wait/forgets-one", "reaps-each-once", "no-zombies")
	})
}
