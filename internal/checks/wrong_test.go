package checks

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
)

// Known-wrong programs ("mutants") are kept as small patches against the
// reference code, so that a reader sees the bug in a few lines:
//
//	testdata/wrong/08-wait/start-order.patch      against solutions/08-wait/
//	testdata/wrong/chatroom/no-rate-limit.patch   against chatroom/
//
// A patch is a unified diff with paths relative to the repository root
// (--- a/solutions/08-wait/main.go, +++ b/solutions/08-wait/main.go), as
// git diff writes them. The text before the first "--- " line describes the
// program; its first line says in one sentence what is wrong.

// wrongDir is where the patches live.
const wrongDir = "testdata/wrong"

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

// copied are the parts of the repository a patched program may need: the
// module files, the solutions (lessons 13-15 import lesson 12's package) and
// the chat room.
var copied = []string{"go.mod", "go.sum", "solutions", "chatroom"}

// graded records which patches a test graded, so that TestMain can tell
// when one is never used.
var graded = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

// gradeWrong grades the known-wrong program testdata/wrong/<name>.patch with
// suite and asserts that exactly the checks named in wantFail fail and every
// other check passes. A wrong program that slips through a check, or a check
// that fails a program that does that part right, shows up here.
func gradeWrong(t *testing.T, suite grade.Suite, name string, wantFail ...string) *grade.Result {
	t.Helper()
	dir, about := applyWrong(t, name)
	t.Logf("%s: %s", name, about)
	graded.Lock()
	graded.names[name] = true
	graded.Unlock()
	res := grade.Grade(context.Background(), suite, dir, grade.Options{})
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
	assert.Equal(t, want, failed, "the checks that fail %s (%s)", name, about)
	return res
}

// applyWrong copies the reference code into a temporary module, applies the
// patch named name, and returns the folder to grade (solutions/NN-slug or
// chatroom in the copy) and the patch's first line.
func applyWrong(t *testing.T, name string) (dir, about string) {
	t.Helper()
	patch, err := filepath.Abs(filepath.Join(wrongDir, filepath.FromSlash(name)+".patch"))
	require.NoError(t, err)
	data, err := os.ReadFile(patch)
	require.NoError(t, err, "the known-wrong program %s", name)
	about, target, err := parsePatch(data)
	require.NoError(t, err, "reading %s", patch)

	tmp := t.TempDir()
	for _, part := range copied {
		require.NoError(t, copyTree(filepath.Join(repoRoot, part), filepath.Join(tmp, part)))
	}
	cmd := exec.Command("git", "apply", "--whitespace=nowarn", patch)
	cmd.Dir = tmp
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git apply %s: %s", name, out)
	return filepath.Join(tmp, filepath.FromSlash(target)), about
}

// parsePatch reads a patch's description and the folder it changes: the
// lesson folder (solutions/NN-slug) or chatroom.
func parsePatch(data []byte) (about, target string, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	inHeader := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "--- ") {
			inHeader = false
		}
		if inHeader && about == "" && strings.TrimSpace(line) != "" {
			about = strings.TrimSpace(line)
		}
		p, ok := strings.CutPrefix(line, "+++ ")
		if !ok {
			continue
		}
		p = strings.TrimPrefix(strings.Fields(p)[0], "b/")
		parts := strings.Split(path.Clean(p), "/")
		var dir string
		switch {
		case parts[0] == "solutions" && len(parts) > 2:
			dir = path.Join(parts[0], parts[1])
		case parts[0] == "chatroom" && len(parts) > 1:
			dir = "chatroom"
		default:
			return "", "", fmt.Errorf("the patch changes %s: only solutions/NN-slug/... and chatroom/... can be patched", p)
		}
		if target != "" && target != dir {
			return "", "", fmt.Errorf("the patch changes both %s and %s", target, dir)
		}
		target = dir
	}
	switch {
	case about == "":
		return "", "", fmt.Errorf("no description: the first line must say what is wrong")
	case target == "":
		return "", "", fmt.Errorf("no +++ line: not a unified diff")
	}
	return about, target, sc.Err()
}

// copyTree copies the regular files and folders below src to dst. Symbolic
// links are not followed (the reference code has none).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, data, 0o644)
		}
		return nil
	})
}

// allWrong lists every patch under testdata/wrong by name ("08-wait/start-order").
func allWrong() ([]string, error) {
	var names []string
	err := filepath.WalkDir(wrongDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".patch") {
			rel, _ := filepath.Rel(wrongDir, p)
			names = append(names, strings.TrimSuffix(filepath.ToSlash(rel), ".patch"))
		}
		return nil
	})
	return names, err
}

func TestWrongProgramsAreReadable(t *testing.T) {
	names, err := allWrong()
	require.NoError(t, err)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(wrongDir, filepath.FromSlash(name)+".patch"))
			require.NoError(t, err)
			about, target, err := parsePatch(data)
			require.NoError(t, err)
			assert.True(t, strings.HasSuffix(about, "."), "the description %q is a sentence ending with a full stop", about)
			lesson := strings.SplitN(name, "/", 2)[0]
			assert.Equal(t, lesson, path.Base(target), "a patch under %s/ changes that lesson's code", lesson)
		})
	}
}

// TestMain runs the tests and then, when every test ran (no -run), fails if
// a known-wrong program was never graded: a patch no test uses proves
// nothing.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		names, err := allWrong()
		if err != nil {
			fmt.Fprintln(os.Stderr, "listing testdata/wrong:", err)
			os.Exit(1)
		}
		var unused []string
		for _, n := range names {
			if !graded.names[n] {
				unused = append(unused, n)
			}
		}
		if len(unused) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: known-wrong programs that no test grades: %s\n", strings.Join(unused, ", "))
			code = 1
		}
	}
	os.Exit(code)
}
