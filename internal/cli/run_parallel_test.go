package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
)

// TestRunParallel grades lesson 05's solution with its two modes in two
// workers at once: the checks are shown in the lesson's order, as with one
// worker, and every verdict is the same.
func TestRunParallel(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	code, out, errOut := checker(t, root, nil, "", false, "run", "05", "--solution", "--jobs", "2")
	require.Equal(t, ExitOK, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	l, err := course.Find("05")
	require.NoError(t, err)
	var titles []string
	for _, line := range strings.Split(out, "\n") {
		if m := regexp.MustCompile(`^  ✓ (.*?)\s+\d+/\d+$`).FindStringSubmatch(line); m != nil {
			titles = append(titles, m[1])
		}
	}
	var want []string
	for _, c := range l.Suite.Checks {
		want = append(want, c.ID+" · "+i18n.T(i18n.En, c.Title))
	}
	assert.Equal(t, want, titles, "every check passes, shown in the lesson's order")
	assert.Contains(t, out, "Score 18/18")
}
