package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/gradebook"
)

// commitAt commits everything in dir with the given date and returns the
// commit's hash.
func commitAt(t *testing.T, dir, msg, date string) string {
	t.Helper()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=Student", "-c", "user.email=s@school.example",
			"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
		return strings.TrimSpace(string(out))
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		git("init", "-q")
	}
	git("add", "-A")
	git("commit", "-q", "-m", msg)
	return git("rev-parse", "HEAD")
}

// TestGradeBefore grades each submission as of its last commit before the
// deadline, from a private copy: later commits and uncommitted work do not
// count, the student's repository is left as it was, and lateness is
// reported.
func TestGradeBefore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git on this machine")
	}
	checkouts := func() map[string]bool {
		names, err := filepath.Glob(filepath.Join(os.TempDir(), "forkroom-checkout-*"))
		require.NoError(t, err)
		set := map[string]bool{}
		for _, n := range names {
			set[n] = true
		}
		return set
	}
	before := checkouts()
	root := repoRoot(t)
	class := t.TempDir()

	alice := submission(t, class, "alice", solution01(t))
	onTime := commitAt(t, alice, "lesson 01", "2026-01-01T10:00:00Z")
	main := filepath.Join(alice, "lessons/01-files/main.go")
	require.NoError(t, os.WriteFile(main, []byte("package main\n\nfunc main() { broken }\n"), 0o644))
	commitAt(t, alice, "too late", "2026-01-03T10:00:00Z")
	require.NoError(t, os.WriteFile(main, []byte("package main\n\nfunc main() { also broken, not even committed }\n"), 0o644))
	headBefore, _ := exec.Command("git", "-C", alice, "rev-parse", "HEAD").Output()
	statusBefore, _ := exec.Command("git", "-C", alice, "status", "--porcelain").Output()

	bob := submission(t, class, "bob", solution01(t))
	commitAt(t, bob, "all of it, late", "2026-01-05T10:00:00Z")

	carol := submission(t, class, "carol", solution01(t)) // not a git repository

	out := filepath.Join(class, "out")
	code, stdout, stderr := checker(t, root, nil, "", false, "grade", "--lessons", "01", "--before", "2026-01-02T00:00:00Z",
		"--out", out, alice, bob, carol)
	require.Equal(t, ExitFail, code, "carol's row is an error\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	book := readBook(t, out)
	require.NotNil(t, book.Before)

	t.Run("the last commit before the deadline is graded, and the lateness reported", func(t *testing.T) {
		a := row(t, book, "alice")
		assert.Equal(t, 8, a.Points, "the commit before the deadline is the solution")
		require.NotNil(t, a.Late)
		assert.Equal(t, onTime, a.Late.Commit)
		assert.Equal(t, 1, a.Late.LateCommits)
		require.NotNil(t, a.Late.LastCommitTime)
		assert.Equal(t, time.Date(2026, 1, 3, 10, 0, 0, 0, time.UTC), a.Late.LastCommitTime.UTC())
		assert.Contains(t, stderr, "1 commits after the deadline")
	})
	t.Run("the student's repository is left as it was", func(t *testing.T) {
		head, _ := exec.Command("git", "-C", alice, "rev-parse", "HEAD").Output()
		status, _ := exec.Command("git", "-C", alice, "status", "--porcelain").Output()
		assert.Equal(t, string(headBefore), string(head))
		assert.Equal(t, string(statusBefore), string(status))
		data, err := os.ReadFile(main)
		require.NoError(t, err)
		assert.Contains(t, string(data), "not even committed")
	})
	t.Run("a repository with no commit before the deadline has nothing graded", func(t *testing.T) {
		b := row(t, book, "bob")
		assert.Equal(t, gradebook.Graded, b.Status)
		assert.Equal(t, gradebook.NotGraded, b.Lessons[0].Status)
		assert.Equal(t, "no commit before the deadline", b.Lessons[0].Message)
		assert.Zero(t, b.Points)
		assert.Equal(t, 1, b.Late.LateCommits)
	})
	t.Run("a folder that is not a repository is an error row", func(t *testing.T) {
		c := row(t, book, "carol")
		assert.Equal(t, gradebook.Failed, c.Status)
		assert.Contains(t, c.Message, "is not a git repository")
	})
	t.Run("the private copies are removed", func(t *testing.T) {
		for n := range checkouts() {
			assert.True(t, before[n], "%s is left behind", n)
		}
	})
}

func TestSafeTreePath(t *testing.T) {
	for _, p := range []string{"lessons/01-files/main.go", "go.mod", "a/b/c.txt"} {
		assert.True(t, safeTreePath(p), p)
	}
	for _, p := range []string{"", "/etc/passwd", "../x", "a/../../x", "a/./b", ".git/hooks/pre-commit", "a/.GIT/config", "a//b", "a\\b"} {
		assert.False(t, safeTreePath(p), p)
	}
}
