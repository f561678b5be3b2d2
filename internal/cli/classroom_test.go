package cli

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/report"
	wb "forkroom/internal/workbook"
)

// decodeClassroom reads what `--format classroom` wrote: base64 of JSON.
func decodeClassroom(t *testing.T, b64 string) report.ClassroomResult {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	require.NoError(t, err, "the result is base64: %q", b64)
	var res report.ClassroomResult
	require.NoError(t, json.Unmarshal(raw, &res), "the result is JSON: %s", raw)
	return res
}

func TestClassroomFormat(t *testing.T) {
	root := repoRoot(t)
	t.Run("the stub: every check a test with no points, a message and the command that repeats it", func(t *testing.T) {
		code, out, errOut := checker(t, root, nil, "", true, "run", "01", "--format", "classroom")
		require.Equal(t, ExitFail, code, errOut)
		res := decodeClassroom(t, out)
		assert.Equal(t, 1, res.Version)
		assert.Equal(t, "fail", res.Status)
		assert.Equal(t, 8, res.MaxScore, "max_score is the lesson's points")
		require.Len(t, res.Tests, 4)
		for _, tc := range res.Tests {
			assert.Equal(t, "fail", tc.Status, tc.Name)
			assert.Zero(t, tc.Score, tc.Name)
			assert.NotEmpty(t, tc.Message, "a failed test says why: %s", tc.Name)
			assert.Contains(t, tc.Message, "hint:", "and gives the hint: %s", tc.Name)
			assert.Equal(t, "make lesson-01", tc.TestCode)
			assert.Equal(t, "lessons/01-files", tc.Filename)
			assert.True(t, strings.HasPrefix(tc.Name, "01 "), "the name starts with the lesson: %s", tc.Name)
		}
		assert.NotContains(t, out, "\x1b[", "no colour, even on a terminal")
	})
	t.Run("the solution: the scores add up to max_score", func(t *testing.T) {
		needSolutions(t, root)
		code, out, _ := checker(t, root, nil, "", false, "run", "01", "--solution", "--format", "classroom")
		require.Equal(t, ExitOK, code)
		res := decodeClassroom(t, out)
		assert.Equal(t, "pass", res.Status)
		sum := 0
		for _, tc := range res.Tests {
			sum += tc.Score
			assert.Empty(t, tc.Message, "a passing test has no message")
		}
		assert.Equal(t, res.MaxScore, sum)
	})
	t.Run("a program that does not compile: status error, the compiler's message, no points", func(t *testing.T) {
		dir := workbook(t)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lessons/01-files/main.go"), []byte("package main\nfunc main() { nope() }\n"), 0o644))
		_, out, _ := checker(t, root, nil, "", false, "run", "01", "--format", "classroom", "--dir", dir)
		res := decodeClassroom(t, out)
		assert.Equal(t, "error", res.Status)
		assert.Equal(t, 8, res.MaxScore, "the points it missed still count")
		require.NotEmpty(t, res.Tests)
		assert.Contains(t, res.Tests[0].Message, "undefined: nope")
	})
	t.Run("--github-output: result=<base64> in $GITHUB_OUTPUT, the report for the log, and the step succeeds", func(t *testing.T) {
		outFile := filepath.Join(t.TempDir(), "github_output")
		require.NoError(t, os.WriteFile(outFile, []byte("earlier=1\n"), 0o644))
		env := map[string]string{"GITHUB_OUTPUT": outFile}
		code, out, errOut := checker(t, root, env, "", false, "run", "01", "--format", "classroom", "--github-output")
		require.Equal(t, ExitOK, code, "the grade is in the result, not the exit status: %s", errOut)
		assert.Contains(t, out, "Lesson 01", "stdout is the report a person reads in the log")
		data, err := os.ReadFile(outFile)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		require.Len(t, lines, 2, "one line appended to the outputs file:\n%s", data)
		assert.Equal(t, "earlier=1", lines[0], "what other steps wrote is kept")
		require.True(t, strings.HasPrefix(lines[1], "result="), lines[1])
		res := decodeClassroom(t, strings.TrimPrefix(lines[1], "result="))
		assert.Equal(t, 8, res.MaxScore)
	})
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"--github-output outside GitHub Actions is a usage error", nil, []string{"--format", "classroom", "--github-output"}},
		{"--github-output without --format classroom is a usage error", map[string]string{"GITHUB_OUTPUT": "x"}, []string{"--github-output"}},
		{"an unknown format is a usage error", nil, []string{"--format", "xml"}},
		{"--json with another --format is a usage error", nil, []string{"--json", "--format", "classroom"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := checker(t, root, tc.env, "", false, append([]string{"run", "01"}, tc.args...)...)
			assert.Equal(t, ExitUsage, code, errOut)
		})
	}
}

func TestNotGradedResultDecodes(t *testing.T) {
	res := decodeClassroom(t, report.NotGraded("05", "multitask", 18, "no result").Encode())
	assert.Equal(t, "error", res.Status)
	assert.Equal(t, 18, res.MaxScore)
	require.Len(t, res.Tests, 1)
	assert.Zero(t, res.Tests[0].Score)
}

func TestGradableOn(t *testing.T) {
	for _, l := range course.Lessons {
		process := l.Num >= 2 && l.Num <= 10
		assert.True(t, l.GradableOn("linux"), "lesson %s on Linux", l.ID())
		for _, goos := range []string{"darwin", "windows", "freebsd"} {
			assert.Equal(t, !process, l.GradableOn(goos), "lesson %s on %s", l.ID(), goos)
		}
	}
	assert.True(t, course.Chatroom.GradableOn("darwin"), "the chat room needs no /proc")
}

// TestOtherPlatforms is what a student on macOS or Windows sees: one line
// that sends them to the dev container, not a column of failed checks.
func TestOtherPlatforms(t *testing.T) {
	dir := workbook(t)
	on := func(goos string, args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := Main(Env{Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
			Getenv: func(string) string { return "" }, Dir: dir, GOOS: goos})
		return code, out.String(), errOut.String()
	}
	for _, goos := range []string{"darwin", "windows"} {
		t.Run("a process lesson on "+goos, func(t *testing.T) {
			code, out, errOut := on(goos, "run", "05")
			assert.Equal(t, ExitUsage, code, "not graded is not a pass")
			assert.Empty(t, out, "no checks were run")
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line:\n%s", errOut)
			assert.Contains(t, errOut, "lessons 05 need Linux")
			assert.Contains(t, errOut, ".devcontainer/")
		})
		t.Run("the list on "+goos, func(t *testing.T) {
			_, out, _ := on(goos, "list")
			assert.Regexp(t, `05\s+.*needs Linux: use the dev container`, out)
			assert.NotRegexp(t, `01\s+.*needs Linux`, out)
		})
	}
	t.Run("in Chinese", func(t *testing.T) {
		_, _, errOut := on("darwin", "--lang", "zh", "run", "07")
		assert.Contains(t, errOut, "开发容器")
	})
}

// TestHandoutLanguage: a handout made with --lang zh speaks Chinese by
// default, whatever LANG says; --lang still wins.
func TestHandoutLanguage(t *testing.T) {
	dir := workbook(t)
	english := map[string]string{"LANG": "en_US.UTF-8"}
	_, out, _ := checker(t, dir, english, "", false, "hint", "01")
	assert.Contains(t, out, "os.ReadDir lists a folder", "no stamp: from LANG")

	require.NoError(t, wb.WriteStamp(dir, wb.Stamp{Version: 1, Lang: "zh", CheckerLang: "zh"}))
	_, out, _ = checker(t, dir, english, "", false, "hint", "01")
	assert.Contains(t, out, "os.ReadDir 列出目录", "the handout's language before LANG")
	_, out, _ = checker(t, filepath.Join(dir, "lessons", "01-files"), english, "", false, "hint", "01")
	assert.Contains(t, out, "os.ReadDir 列出目录", "from a lesson's folder too")
	_, out, _ = checker(t, dir, english, "", false, "--lang", "en", "hint", "01")
	assert.Contains(t, out, "os.ReadDir lists a folder", "--lang before the handout's language")

	require.NoError(t, wb.WriteStamp(dir, wb.Stamp{Version: 1, Lang: "en"}))
	_, out, _ = checker(t, dir, map[string]string{"LANG": "zh_CN.UTF-8"}, "", false, "hint", "01")
	assert.Contains(t, out, "os.ReadDir 列出目录", "an English handout leaves the choice to LANG")
}

// TestInAHandout: reference code that was never handed out is named as
// such, not as a missing folder.
func TestInAHandout(t *testing.T) {
	dir := workbook(t)
	require.NoError(t, wb.WriteStamp(dir, wb.Stamp{Version: 1, Lang: "en"}))
	code, _, errOut := checker(t, dir, nil, "", false, "run", "01", "--solution")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, "it has no solutions/")
	code, _, errOut = checker(t, dir, nil, "", false, "run", "chatroom")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, "no chatroom/")
}
