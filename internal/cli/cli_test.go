package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/report"
	wb "forkroom/internal/workbook"
)

// needSolutions skips a test that grades the reference solutions when this
// copy is a handout, which has none. In the teacher's repository it does not
// skip: a missing solutions/ fails the test there.
func needSolutions(t *testing.T, root string) {
	t.Helper()
	if wb.IsHandout(root) {
		t.Skip("a handout has no solutions/")
	}
}

// checker runs the command in dir with args and returns its exit status,
// stdout and stderr.
func checker(t *testing.T, dir string, env map[string]string, stdin string, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(Env{
		Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }, Dir: dir, Terminal: terminal,
	})
	return code, out.String(), errOut.String()
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	return root
}

// workbook makes a small copy of the workbook (go.mod and lesson 01) that a
// test may change.
func workbook(t *testing.T) string {
	t.Helper()
	root, dir := repoRoot(t), t.TempDir()
	for _, f := range []string{"go.mod", "lessons/01-files/main.go", "lessons/01-files/README.md", "lessons/01-files/README.zh.md"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	return dir
}

func TestExitStatus(t *testing.T) {
	root := repoRoot(t)
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"the solution of lesson 01 gets full marks: 0", []string{"run", "01", "--solution"}, ExitOK},
		{"flags may come before the lesson", []string{"run", "--solution", "1"}, ExitOK},
		{"the stub fails: 1", []string{"run", "01"}, ExitFail},
		{"no command is a usage error: 2", nil, ExitUsage},
		{"an unknown command is a usage error", []string{"frobnicate"}, ExitUsage},
		{"run without a lesson is a usage error", []string{"run"}, ExitUsage},
		{"a lesson that does not exist is a usage error", []string{"run", "99"}, ExitUsage},
		{"an unknown flag is a usage error", []string{"run", "01", "--frob"}, ExitUsage},
		{"a bad --lang is a usage error", []string{"--lang", "fr", "list"}, ExitUsage},
		{"--dir that is no workbook is a usage error", []string{"run", "01", "--dir", t.TempDir()}, ExitUsage},
		{"help is not an error", []string{"help"}, ExitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tc.args, " "), "--solution") {
				needSolutions(t, root)
			}
			code, out, errOut := checker(t, root, nil, "", false, tc.args...)
			assert.Equal(t, tc.want, code, "exit status\nstdout:\n%s\nstderr:\n%s", out, errOut)
		})
	}
}

func TestJSONResults(t *testing.T) {
	root := repoRoot(t)
	t.Run("full marks: status pass, every test with its points", func(t *testing.T) {
		needSolutions(t, root)
		code, out, _ := checker(t, root, nil, "", true, "run", "01", "--solution", "--json")
		require.Equal(t, ExitOK, code)
		var res report.Results
		require.NoError(t, json.Unmarshal([]byte(out), &res), "stdout is JSON only:\n%s", out)
		assert.Equal(t, 3, res.Version)
		assert.Equal(t, "pass", res.Status)
		assert.Nil(t, res.Message)
		assert.Equal(t, 8, res.Points)
		assert.Equal(t, 8, res.MaxPoints)
		require.Len(t, res.Tests, 4)
		for _, tc := range res.Tests {
			assert.Equal(t, "pass", tc.Status, tc.Name)
			assert.Nil(t, tc.Message, "a passing test has no message")
			assert.Equal(t, 1, tc.TaskID, "task_id is the lesson number")
			assert.Equal(t, tc.MaxPoints, tc.Points)
		}
		assert.NotContains(t, out, "\x1b[", "JSON has no colour, even on a terminal")
	})
	t.Run("the stub: status fail, messages and output for each test", func(t *testing.T) {
		code, out, _ := checker(t, root, nil, "", false, "run", "01", "--json")
		require.Equal(t, ExitFail, code)
		var res report.Results
		require.NoError(t, json.Unmarshal([]byte(out), &res))
		assert.Equal(t, "fail", res.Status)
		assert.Zero(t, res.Points)
		for _, tc := range res.Tests {
			assert.Equal(t, "fail", tc.Status)
			require.NotNil(t, tc.Message)
			assert.NotEmpty(t, *tc.Message)
			require.NotNil(t, tc.Output, "the program's output is kept")
		}
	})
	t.Run("a program that does not compile: status error, the compiler's message", func(t *testing.T) {
		dir := workbook(t)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lessons/01-files/main.go"), []byte("package main\nfunc main() { nope() }\n"), 0o644))
		code, out, _ := checker(t, root, nil, "", false, "run", "01", "--json", "--dir", dir)
		require.Equal(t, ExitFail, code)
		var res report.Results
		require.NoError(t, json.Unmarshal([]byte(out), &res))
		assert.Equal(t, "error", res.Status)
		require.NotNil(t, res.Message)
		assert.Contains(t, *res.Message, "undefined: nope")
		assert.Equal(t, 8, res.MaxPoints, "a build failure still counts the points it missed")
	})
}

func TestColour(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	_, out, _ := checker(t, root, nil, "", true, "run", "01", "--solution")
	assert.Contains(t, out, "\x1b[", "colour on a terminal")
	_, out, _ = checker(t, root, map[string]string{"NO_COLOR": "1"}, "", true, "run", "01", "--solution")
	assert.NotContains(t, out, "\x1b[", "no colour under NO_COLOR")
	_, out, _ = checker(t, root, nil, "", false, "run", "01", "--solution")
	assert.NotContains(t, out, "\x1b[", "no colour into a pipe or file")
}

func TestLanguage(t *testing.T) {
	root := repoRoot(t)
	_, out, _ := checker(t, root, nil, "", false, "--lang", "zh", "run", "01")
	assert.Contains(t, out, "第 01 课")
	assert.Contains(t, out, "得分")
	_, out, _ = checker(t, root, map[string]string{"LANG": "zh_CN.UTF-8"}, "", false, "hint", "01")
	assert.Contains(t, out, "os.ReadDir 列出目录", "LANG=zh_* means Chinese")
	_, out, _ = checker(t, root, map[string]string{"LANG": "zh_CN.UTF-8"}, "", false, "hint", "01", "--lang=en")
	assert.Contains(t, out, "os.ReadDir lists a folder", "--lang wins over LANG")
	for _, args := range [][]string{{"run", "99"}, {"hint", "nosuch"}, {"reset", "99"}} {
		code, _, errOut := checker(t, root, map[string]string{"LANG": "zh_CN.UTF-8"}, "", false, args...)
		assert.Equal(t, ExitUsage, code)
		assert.Contains(t, errOut, "这一课", "an unknown lesson is named in Chinese: %v", args)
		assert.NotContains(t, errOut, "no lesson", "no English under LANG=zh: %v", args)
	}
}

func TestListShowsProgress(t *testing.T) {
	dir := workbook(t)
	_, out, _ := checker(t, dir, nil, "", false, "list")
	assert.Regexp(t, `01\s+Files: list, stat, remove\s+· not started`, out)
	assert.Contains(t, out, "Progress 0/")
	assert.Contains(t, out, "Next: make lesson-01")
}

func TestReset(t *testing.T) {
	dir := workbook(t)
	stub := filepath.Join(dir, "lessons/01-files/main.go")
	pristine, err := os.ReadFile(stub)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(stub, []byte("package main\n// my work\nfunc main() {}\n"), 0o644))

	t.Run("answering no keeps the student's work", func(t *testing.T) {
		code, out, _ := checker(t, dir, nil, "n\n", false, "reset", "01")
		assert.Equal(t, ExitOK, code)
		assert.Contains(t, out, "main.go")
		assert.Contains(t, out, "Nothing changed.")
		got, _ := os.ReadFile(stub)
		assert.Contains(t, string(got), "my work")
	})
	t.Run("--yes puts the stub back", func(t *testing.T) {
		code, out, _ := checker(t, dir, nil, "", false, "reset", "01", "--yes")
		assert.Equal(t, ExitOK, code, out)
		got, _ := os.ReadFile(stub)
		assert.Equal(t, string(pristine), string(got))
	})
	t.Run("a second reset has nothing to do", func(t *testing.T) {
		_, out, _ := checker(t, dir, nil, "", false, "reset", "01", "--yes")
		assert.Contains(t, out, "already as it was handed out")
	})
}

// TestMakeLessonTargets guards the command every lesson text gives: `make
// lesson-NN` must run the checker on lesson NN (a pattern rule on a .PHONY
// target once made it silently do nothing).
func TestMakeLessonTargets(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on this machine")
	}
	root := repoRoot(t)
	for _, n := range []string{"01", "05", "15"} {
		out, err := exec.Command("make", "-n", "-C", root, "lesson-"+n).CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "bin/checker run "+n, "make lesson-%s runs the checker", n)
	}
}

func TestMakeHelpSpeaksTheReadersLanguage(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on this machine")
	}
	root := repoRoot(t)
	help := func(lang string) string {
		cmd := exec.Command("make", "-s", "-C", root, "help")
		cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG="+lang)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	t.Run("LANG=zh_CN.UTF-8 gives Chinese", func(t *testing.T) {
		out := help("zh_CN.UTF-8")
		assert.Contains(t, out, "make list           每一课的状态和你的进度")
		assert.NotContains(t, out, "every lesson and your progress")
	})
	t.Run("LANG=C gives English", func(t *testing.T) {
		out := help("C.UTF-8")
		assert.Contains(t, out, "make list           every lesson and your progress")
		assert.NotContains(t, out, "每一课")
	})
}
