package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/sandbox"
)

func TestSandboxChoice(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	// Someone else's copy, with lesson 01 solved.
	other := workbook(t)
	solution, err := os.ReadFile(filepath.Join(root, "solutions", "01-files", "main.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(other, "lessons", "01-files", "main.go"), solution, 0o644))

	t.Run("where no sandbox can be made, run says so once and grades the student's own lessons anyway", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		code, _, errOut := checker(t, root, nil, "", false, "run", "01", "--solution")
		assert.Equal(t, ExitOK, code)
		assert.Equal(t, 1, strings.Count(errOut, "grading without the sandbox"), "stderr: %s", errOut)
		assert.Contains(t, errOut, "FORKROOM_NO_SANDBOX", "the reason")
	})
	t.Run("and in Chinese", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		_, _, errOut := checker(t, root, map[string]string{"LANG": "zh_CN.UTF-8"}, "", false, "run", "01", "--solution")
		assert.Contains(t, errOut, "不在沙箱中评分")
	})
	t.Run("someone else's copy is not graded there", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		code, out, errOut := checker(t, root, nil, "", false, "run", "01", "--dir", other)
		assert.NotEqual(t, ExitOK, code)
		assert.Contains(t, errOut, "this copy is not graded, because it must run in a sandbox")
		assert.Contains(t, errOut, "--unsafe")
		assert.Contains(t, out, "not graded, because this code must run in a sandbox", "each check says why")
	})
	t.Run("unless --unsafe says to", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		code, _, errOut := checker(t, root, nil, "", false, "run", "01", "--dir", other, "--unsafe")
		assert.Equal(t, ExitOK, code, "stderr: %s", errOut)
		assert.Contains(t, errOut, "grading without the sandbox")
	})
	t.Run("where a sandbox can be made, someone else's copy is graded in it, silently", func(t *testing.T) {
		if err := sandbox.Available(); err != nil {
			t.Skipf("no sandbox here: %v", err)
		}
		code, _, errOut := checker(t, root, nil, "", false, "run", "01", "--dir", other)
		assert.Equal(t, ExitOK, code)
		assert.Empty(t, errOut)
	})
}
