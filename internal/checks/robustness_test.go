package checks

import (
	"path/filepath"
	"testing"

	"forkroom/internal/grade"
)

// robustServerOnly grades a wrong server of testdata/robust with the
// robustness checks alone.
func robustServerOnly() grade.Suite {
	return grade.Suite{Programs: []string{"server"}, Checks: Robustness()}
}

func TestRobustnessMutants(t *testing.T) {
	for _, tc := range []struct {
		what, dir string
		fail      []string
	}{
		{"a server that follows every rule", "robust/good", nil},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeMutant(t, robustServerOnly(), tc.dir, tc.fail...)
		})
	}
}

// TestRobustnessChatroom grades the finished chat room, chatroom/ at the
// top of the repository, with the robustness checks: it passes them all.
func TestRobustnessChatroom(t *testing.T) {
	res := gradeMutant(t, robustServerOnly(), filepath.Join("..", "..", "..", "chatroom"))
	for _, c := range res.Checks {
		t.Logf("%-16s %s %.2f s", c.ID, c.Status, c.Duration.Seconds())
	}
}
