package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/similar"
)

// similarClass makes a class of workbooks whose lesson 01 is one of the
// solutions in internal/similar/testdata (frank's is a disguised copy of
// bob's), and returns their folders.
func similarClass(t *testing.T, names ...string) []string {
	needSolutions(t, repoRoot(t)) // a handout has no internal/similar/testdata: its sample submissions are solutions
	t.Helper()
	root, class := repoRoot(t), t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	var dirs []string
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(root, "internal/similar/testdata/01-files", strings.TrimPrefix(name, "\x1b[31m"), "main.go"))
		require.NoError(t, err)
		dir := filepath.Join(class, name)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "lessons/01-files"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lessons/01-files/main.go"), src, 0o644))
		dirs = append(dirs, dir)
	}
	return dirs
}

func TestSimilar(t *testing.T) {
	root := repoRoot(t)
	dirs := similarClass(t, "alice", "bob", "carol", "dave", "erin", "frank")

	t.Run("the copied pair on the terminal, with its passages", func(t *testing.T) {
		code, stdout, stderr := checker(t, root, nil, "", false, append([]string{"similar", "--lessons", "01"}, dirs...)...)
		require.Equal(t, ExitOK, code, stderr)
		assert.Regexp(t, `(?m)^  !  9\d%  bob ↔ frank   \d+ tokens alike in \d passages`, stdout)
		assert.Regexp(t, `(?m)^\s+main\.go:\d+-\d+  ↔  main\.go:\d+-\d+$`, stdout, "line ranges side by side")
		assert.Contains(t, stdout, "the other pairs, for scale:")
		assert.Equal(t, 1, strings.Count(stdout, " ! "), "one suspicious pair")
	})
	t.Run("in Chinese", func(t *testing.T) {
		code, stdout, _ := checker(t, root, nil, "", false, append([]string{"similar", "--lang", "zh", "--lessons", "01"}, dirs...)...)
		require.Equal(t, ExitOK, code)
		assert.Contains(t, stdout, "比较了 6 份作业")
		assert.Contains(t, stdout, "bob ↔ frank")
	})
	t.Run("as JSON", func(t *testing.T) {
		code, stdout, _ := checker(t, root, nil, "", false, append([]string{"similar", "--json", "--lessons", "01"}, dirs...)...)
		require.Equal(t, ExitOK, code)
		var got []similar.LessonResult
		require.NoError(t, json.Unmarshal([]byte(stdout), &got))
		require.Len(t, got, 1)
		sus := got[0].Suspicious()
		require.Len(t, sus, 1)
		assert.Equal(t, "bob", sus[0].A)
		assert.Equal(t, "frank", sus[0].B)
		assert.NotEmpty(t, sus[0].Passages[0].A.Code)
	})
	t.Run("with the reference solution among them", func(t *testing.T) {
		code, stdout, _ := checker(t, root, nil, "", false, append([]string{"similar", "--json", "--solutions", "--lessons", "01"}, dirs...)...)
		require.Equal(t, ExitOK, code)
		var got []similar.LessonResult
		require.NoError(t, json.Unmarshal([]byte(stdout), &got))
		require.Len(t, got, 1)
		assert.Contains(t, got[0].Own, similar.ReferenceName)
		assert.Len(t, got[0].Suspicious(), 1, "nobody copied the reference solution")
	})
	t.Run("as an HTML page", func(t *testing.T) {
		page := filepath.Join(t.TempDir(), "similar.html")
		code, _, stderr := checker(t, root, nil, "", false, append([]string{"similar", "--lessons", "01", "--html", page}, dirs...)...)
		require.Equal(t, ExitOK, code, stderr)
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		assert.Contains(t, string(data), `id="p01-1"`)
		assert.Contains(t, stderr, "wrote the similarity page: "+page)
	})
	t.Run("a lesson nobody wrote", func(t *testing.T) {
		code, stdout, _ := checker(t, root, nil, "", false, append([]string{"similar", "--lessons", "02"}, dirs...)...)
		require.Equal(t, ExitOK, code)
		assert.Contains(t, stdout, "nothing to compare")
	})
	t.Run("a folder name that would drive the terminal is quoted", func(t *testing.T) {
		evil := similarClass(t, "\x1b[31mbob", "frank")
		code, stdout, _ := checker(t, root, nil, "", false, append([]string{"similar", "--lessons", "01"}, evil...)...)
		require.Equal(t, ExitOK, code)
		assert.NotContains(t, stdout, "\x1b")
		assert.Contains(t, stdout, `"\x1b[31mbob" ↔ frank`)
	})
	t.Run("one folder is a usage error", func(t *testing.T) {
		code, _, stderr := checker(t, root, nil, "", false, "similar", dirs[0])
		assert.Equal(t, ExitUsage, code)
		assert.Contains(t, stderr, "two or more folders")
	})
}
