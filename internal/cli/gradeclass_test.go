package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/proc"
)

// TestGradeClass grades lesson 01 of four submissions: one complete, one that
// hangs, one that does not compile, and a folder that is no workbook. Each
// gets its row; nothing is left running.
func TestGradeClass(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	class := t.TempDir()
	submission := func(name, mainGo string) string {
		dir := filepath.Join(class, name)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "lessons/01-files"), 0o755))
		gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lessons/01-files/main.go"), []byte(mainGo), 0o644))
		return dir
	}
	solution, err := os.ReadFile(filepath.Join(root, "solutions/01-files/main.go"))
	require.NoError(t, err)
	alice := submission("alice", string(solution))
	bob := submission("bob", "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
	carol := submission("carol", "package main\n\nfunc main() { oops }\n")
	dave := filepath.Join(class, "dave")
	require.NoError(t, os.MkdirAll(dave, 0o755))
	out := filepath.Join(class, "out")

	code, stdout, stderr := checker(t, root, nil, "", false, "grade", "--lessons", "01", "--out", out, alice, bob, carol, dave)
	require.Equal(t, ExitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	rows := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = line
		}
	}
	assert.Regexp(t, `^alice\s+8/8\s+8/8$`, rows["alice"], "a complete submission gets full marks")
	assert.Regexp(t, `^bob\s+0/8\s+0/8$`, rows["bob"], "a hanging submission gets its row")
	assert.Regexp(t, `^carol\s+0/8!\s+0/8$`, rows["carol"], "a submission that does not compile is marked !")
	assert.Regexp(t, `^dave\s+-\s+0/8\s+.*not a copy of the forkroom workbook`, rows["dave"])

	f, err := os.Open(filepath.Join(out, "grades.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 5)
	assert.Equal(t, []string{"student", "01", "points", "max_points", "error"}, records[0])
	assert.Equal(t, []string{"alice", "8", "8", "8", ""}, records[1])

	var got Class
	data, err := os.ReadFile(filepath.Join(out, "grades.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &got))
	require.Len(t, got.Students, 4)
	assert.Equal(t, "error", got.Students[2].Lessons["01"].Status)

	snap, err := proc.Default().Snapshot()
	require.NoError(t, err)
	assert.Empty(t, snap.Descendants(os.Getpid()), "no process is left behind")
}
