package checks

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
)

// gradeMutant grades a known-wrong program kept in testdata/ (a folder of
// its own, built like a lesson) with suite, and asserts that exactly the
// checks named in wantFail fail and every other check passes. A wrong
// program that slips through a check, or a check that fails a program that
// does that part right, shows up here.
func gradeMutant(t *testing.T, suite grade.Suite, dir string, wantFail ...string) *grade.Result {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", dir))
	require.NoError(t, err)
	require.DirExists(t, abs, "the wrong program's folder")
	res := grade.Grade(context.Background(), suite, abs, grade.Options{})
	require.NotEqual(t, grade.Error, res.Status, "the wrong program must build and run: %v\n%s", res.Message, res.BuildOutput)
	var failed []string
	for _, c := range res.Checks {
		if c.Status != grade.Pass {
			failed = append(failed, c.ID)
			t.Logf("%s failed as %s: %v", c.ID, c.Status, c.Message)
		}
	}
	sort.Strings(failed)
	want := append([]string(nil), wantFail...)
	sort.Strings(want)
	assert.Equal(t, want, failed, "the checks that fail %s", dir)
	return res
}

// solutionDir is a lesson's reference solution, for tests that grade it.
func solutionDir(t *testing.T, lesson string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "solutions", lesson))
	require.NoError(t, err)
	_, err = os.Stat(dir)
	require.NoError(t, err)
	return dir
}
