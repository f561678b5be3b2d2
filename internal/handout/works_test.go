package handout

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// offline is the environment of a lab machine with no network: an empty
// module cache, no module proxy, no toolchain download. Only a vendored
// handout builds there.
func offline(t *testing.T) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GOMODCACHE", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN", "GONOSUMDB", "GOPRIVATE", "GOWORK", "LANG", "LC_ALL", "LC_MESSAGES":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOMODCACHE="+t.TempDir(), "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off", "LANG=C.UTF-8")
}

// run runs a command line in dir and returns its exit status and output.
func run(t *testing.T, dir string, env []string, stdin string, timeout time.Duration, name string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, env, strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "%s %v timed out:\n%s", name, args, out.String())
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	require.NoError(t, err, "%s %v", name, args)
	return 0, out.String()
}

// readmeCommands are the commands a student's README tells them to type:
// `make ...`, `bin/checker ...` and `go run ./checker ...`, in code spans
// and code blocks.
func readmeCommands(readme []byte) []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		c = strings.TrimSpace(c)
		if (strings.HasPrefix(c, "make") || strings.HasPrefix(c, "bin/checker ") || strings.HasPrefix(c, "go run ./checker")) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, m := range regexp.MustCompile("`([^`\n]+)`").FindAllSubmatch(readme, -1) {
		add(string(m[1]))
	}
	fence := false
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		} else if fence {
			add(l)
		}
	}
	return out
}

// TestHandoutWorksOffline is a student's first hour with a vendored
// handout on a machine with no network: every command the README names
// works, `checker reset` puts a stub back, and `make test` passes.
// It takes one to two minutes, so `make test` runs it only with
// FORKROOM_HANDOUT_CHECK=1 (`make handout-check`, which CI runs).
func TestHandoutWorksOffline(t *testing.T) {
	if os.Getenv("FORKROOM_HANDOUT_CHECK") == "" {
		t.Skip("slow: run with FORKROOM_HANDOUT_CHECK=1 (make handout-check)")
	}
	for _, tool := range []string{"make", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	dst, res := makeHandout(t, Options{Vendor: true, WithChatroom: true})
	require.DirExists(t, filepath.Join(dst, "vendor"))
	env := offline(t)

	t.Run("the whole handout builds with no network: checker, every lesson, the chat client", func(t *testing.T) {
		code, out := run(t, dst, env, "", 5*time.Minute, "go", "build", "./...")
		assert.Zero(t, code, out)
		code, out = run(t, dst, env, "", 5*time.Minute, "make", "checker")
		require.Zero(t, code, out)
	})
	t.Run("every command the README names works", func(t *testing.T) {
		for _, readme := range []string{"README.md", "README.zh.md"} {
			body, err := os.ReadFile(filepath.Join(dst, readme))
			require.NoError(t, err)
			cmds := readmeCommands(body)
			t.Logf("%s names: %q", readme, cmds)
			assert.Contains(t, cmds, "make lesson-01", readme)
			for _, c := range cmds {
				f := strings.Fields(c)
				switch {
				case strings.Contains(c, "NN"):
					// a pattern (make lesson-NN): its real form is tested too
				case f[0] == "make" && len(f) == 2 && (f[1] == "watch" || f[1] == "install" || strings.HasPrefix(f[1], "chat-")):
					// watch waits for saves, the chat programs for Ctrl-C, install writes to
					// ~/go/bin: their recipes must exist (go build ./... built the programs)
					code, out := run(t, dst, env, "", time.Minute, "make", "-n", f[1])
					assert.Zero(t, code, "%s: %s", c, out)
				case c == "make test":
					// below
				case f[0] == "make":
					code, out := run(t, dst, env, "", 5*time.Minute, f[0], f[1:]...)
					assert.Contains(t, []int{0, 2}, code, "%s: %s", c, out)
					assert.NotContains(t, out, "No rule to make target", c)
					if strings.HasPrefix(f[len(f)-1], "lesson-") {
						assert.Contains(t, out, "Lesson 01", "%s grades the lesson", c)
					}
				default:
					code, out := run(t, dst, env, "n\n", 5*time.Minute, f[0], f[1:]...)
					assert.Contains(t, []int{0, 1}, code, "%s (exit 2 means the checker could not do it): %s", c, out)
				}
			}
		}
	})
	t.Run("checker reset puts a stub back as it was handed out", func(t *testing.T) {
		stub := filepath.Join(dst, "lessons", "03-pids", "main.go")
		want, err := os.ReadFile(stub)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(stub, []byte("package main\n\nfunc main() {}\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dst, "lessons", "03-pids", "notes.go"), []byte("package main\n"), 0o644))
		code, out := run(t, dst, env, "", time.Minute, "bin/checker", "reset", "03", "--yes")
		require.Zero(t, code, out)
		got, err := os.ReadFile(stub)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
		assert.NoFileExists(t, filepath.Join(dst, "lessons", "03-pids", "notes.go"))
	})
	t.Run("make test passes in the handout", func(t *testing.T) {
		code, out := run(t, dst, env, "", 9*time.Minute, "make", "test")
		assert.Zero(t, code, out)
		assert.NotContains(t, out, "FAIL")
	})
	t.Run("git sees only the reset's absence of changes", func(t *testing.T) {
		if res.Commit == "" {
			t.Skip("no git")
		}
		code, out := run(t, dst, env, "", time.Minute, "git", "status", "--porcelain")
		require.Zero(t, code, out)
		assert.Empty(t, strings.TrimSpace(out), "building and testing leave nothing git would commit (bin/ and .forkroom/ are ignored)")
	})
}
