package grade

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/i18n"
)

// TestImportingTheAnswerIsRefused grades a lesson that imports the reference
// code instead of doing the work: it is not graded at all, and says why.
// The reference code itself may import its own packages.
func TestImportingTheAnswerIsRefused(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("go.mod", "module forkroom\n\ngo 1.22\n")
	write("solutions/12-protocol/protocol.go", "package protocol\n\nfunc Done() string { return \"done\" }\n")
	main := "package main\n\nimport (\n\t\"fmt\"\n\n\tprotocol \"forkroom/solutions/12-protocol\"\n)\n\nfunc main() { fmt.Println(protocol.Done()) }\n"
	write("lessons/13-login/main.go", main)
	write("solutions/13-login/main.go", main)

	t.Run("a lesson that imports a solution is refused", func(t *testing.T) {
		res := Grade(context.Background(), printsDone, filepath.Join(root, "lessons", "13-login"), Options{})
		assert.Equal(t, Error, res.Status)
		require.NotNil(t, res.Message)
		assert.Contains(t, res.Message.In(i18n.En), "imports forkroom/solutions/12-protocol")
		assert.Contains(t, res.Message.In(i18n.Zh), "参考代码")
		assert.Zero(t, res.Points)
	})
	t.Run("a solution that imports another solution is graded", func(t *testing.T) {
		res := Grade(context.Background(), printsDone, filepath.Join(root, "solutions", "13-login"), Options{})
		assert.Equal(t, Pass, res.Status, "%v", res.Message)
	})
}
