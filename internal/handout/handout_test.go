package handout

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/i18n"
	"forkroom/internal/workbook"
)

// repoRoot is the teacher's repository the tests make handouts of. In a
// handout (a student's copy) there is nothing to make a handout of.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	if workbook.IsHandout(root) {
		t.Skip("this copy is a handout: handouts are made from the teacher's repository")
	}
	return root
}

// pendingTextFixes are lesson texts that still name ./solutions/ or
// chatroom/ in the teacher's repository while their owners rewrite them
// (issue 13: "See it for yourself" runs the student's own program). `checker
// handout` refuses to write a handout while any is left; the test below lets
// these, and only these, through so the rest of the handout is tested. Empty
// it as the texts are fixed; a file that no longer needs to be here is
// logged.
var pendingTextFixes = map[string]bool{}

// makeHandout makes a handout of the repository into a new folder.
func makeHandout(t *testing.T, opts Options) (string, *Result) {
	t.Helper()
	root := repoRoot(t)
	dst := filepath.Join(t.TempDir(), "handout")
	opts.keepDangling = true
	res, err := Make(context.Background(), root, dst, opts)
	require.NoError(t, err)
	stillDangling := map[string]bool{}
	for _, d := range res.Dangling {
		file := d[:strings.Index(d, ":")]
		stillDangling[file] = true
		assert.True(t, pendingTextFixes[file], "a text names a path the handout leaves out: %s", d)
	}
	for f := range pendingTextFixes {
		if !stillDangling[f] {
			t.Logf("%s names no missing path any more: remove it from pendingTextFixes", f)
		}
	}
	return dst, res
}

// files lists a folder's files as slash paths, less .git.
func files(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		require.NoError(t, err)
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if info.IsDir() && rel == ".git" {
			return filepath.SkipDir
		}
		if !info.IsDir() {
			out[rel] = true
		}
		return nil
	}))
	return out
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 && args[0] == "grep" {
		return "" // git grep found nothing
	}
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

func TestHandoutHoldsNoAnswers(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dst, res := makeHandout(t, Options{})
	have := files(t, dst)

	t.Run("no reference code: no solutions, no known-wrong programs, no chat room", func(t *testing.T) {
		for f := range have {
			for _, bad := range []string{"solutions/", "chatroom/", "internal/checks/testdata/", "internal/grade/testdata/", "docs/teacher", "docs/writing-a-lesson", ".ci/"} {
				assert.False(t, strings.HasPrefix(f, bad), "%s is handed out", f)
			}
			assert.False(t, strings.HasPrefix(f, "internal/checks/") && strings.HasSuffix(f, "_test.go"), "%s grades reference code", f)
		}
		assert.NotEmpty(t, res.Omitted)
	})
	t.Run("what a student needs: the stubs, the texts, the checker's source, a README in each language", func(t *testing.T) {
		for _, f := range []string{
			"go.mod", "go.sum", "gomod.go", "Makefile", "README.md", "README.zh.md", ".gitignore", workbook.StampFile,
			"checker/main.go", "internal/course/pristine.tar.gz", "internal/checks/lesson05_multitask.go",
			"lessons/01-files/main.go", "lessons/01-files/README.md", "lessons/01-files/README.zh.md",
			"lessons/15-chatroom/client/main.go", ".devcontainer/devcontainer.json", ".devcontainer/Dockerfile",
			".github/workflows/classroom.yml",
		} {
			assert.True(t, have[f], "%s is handed out", f)
		}
	})
	t.Run("a fresh history: one commit, none of the teacher's", func(t *testing.T) {
		log := gitIn(t, dst, "log", "--format=%H %s")
		assert.Equal(t, 1, strings.Count(log, "\n"), "one commit:\n%s", log)
		assert.Equal(t, res.Commit+" forkroom: the course as handed out\n", log)
		assert.Empty(t, gitIn(t, dst, "status", "--porcelain"), "everything is committed")
		assert.Equal(t, "main\n", gitIn(t, dst, "branch", "--show-current"))
	})
	t.Run("git grep finds no path to a missing folder in any text", func(t *testing.T) {
		out := gitIn(t, dst, "grep", "-n", "-I", "-E", `(^|[^A-Za-z0-9_-])(solutions|chatroom|internal/checks/testdata|internal/grade/testdata)/`,
			"--", ".", ":!*.go", ":!internal/handout/templates")
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			file := line[:strings.Index(line, ":")]
			assert.True(t, pendingTextFixes[file], "a text names a missing folder: %s", line)
		}
	})
	t.Run("every path the README and Makefile name is there", func(t *testing.T) {
		for _, f := range []string{"README.md", "README.zh.md", "Makefile"} {
			body, err := os.ReadFile(filepath.Join(dst, f))
			require.NoError(t, err)
			for _, tok := range pathToken.FindAllString(string(body), -1) {
				p := strings.TrimRight(strings.TrimPrefix(tok, "./"), "/.")
				if strings.Contains(p, "NN") || strings.HasPrefix(p, "bin/") || strings.Contains(p, "…") || p == "" ||
					strings.HasPrefix(p, "tmp/") || p == "Dev Containers: Reopen in Container" {
					continue
				}
				_, err := os.Stat(filepath.Join(dst, filepath.FromSlash(p)))
				assert.NoError(t, err, "%s names %s", f, tok)
			}
		}
	})
	t.Run("the stamp says what it is", func(t *testing.T) {
		s, ok, err := workbook.ReadStamp(dst)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, "en", s.Lang)
		assert.Empty(t, s.CheckerLang, "an English handout leaves the checker's language to LANG")
		assert.False(t, s.WithChatroom)
	})
}

func TestChineseHandout(t *testing.T) {
	dst, _ := makeHandout(t, Options{Lang: i18n.Zh, NoGit: true, WithChatroom: true})
	have := files(t, dst)
	assert.True(t, have["README.md"])
	assert.True(t, have["README.en.md"], "the English README sits beside the Chinese one")
	assert.False(t, have["README.zh.md"])
	assert.False(t, have[".git/HEAD"], "--no-git")
	assert.True(t, have["chatroom/server/main.go"], "--with-chatroom")
	readme, err := os.ReadFile(filepath.Join(dst, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "开发容器", "README.md is the Chinese one")
	assert.Contains(t, string(readme), "lessons/01-files/README.zh.md", "and links the Chinese lesson texts")
	assert.Contains(t, string(readme), "[README.en.md](README.en.md)")
	makefile, err := os.ReadFile(filepath.Join(dst, "Makefile"))
	require.NoError(t, err)
	assert.Contains(t, string(makefile), "chat-server:", "the chat room's targets come with it")
	s, _, err := workbook.ReadStamp(dst)
	require.NoError(t, err)
	assert.Equal(t, "zh", s.CheckerLang, "the checker speaks Chinese by default")
	// The README pair has the same sections.
	en, err := os.ReadFile(filepath.Join(dst, "README.en.md"))
	require.NoError(t, err)
	assert.Equal(t, len(regexp.MustCompile(`(?m)^## `).FindAll(en, -1)), len(regexp.MustCompile(`(?m)^## `).FindAll(readme, -1)),
		"README.en.md and README.md have the same sections")
}

func TestRefusals(t *testing.T) {
	root := repoRoot(t)
	for _, tc := range []struct {
		name string
		dst  func(t *testing.T) string
		opts Options
		want string
	}{
		{"a folder inside the repository", func(t *testing.T) string { return filepath.Join(root, "handout") }, Options{}, "inside the repository"},
		{"a folder that is not empty", func(t *testing.T) string {
			d := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(d, "x"), nil, 0o644))
			return d
		}, Options{}, "not empty"},
		{"a checker repository without a commit", func(t *testing.T) string { return filepath.Join(t.TempDir(), "h") },
			Options{CheckerRepo: "teacher/forkroom"}, "go together"},
		{"a branch instead of a commit", func(t *testing.T) string { return filepath.Join(t.TempDir(), "h") },
			Options{CheckerRepo: "teacher/forkroom", CheckerRev: "main"}, "full commit hash"},
		{"a URL instead of OWNER/NAME", func(t *testing.T) string { return filepath.Join(t.TempDir(), "h") },
			Options{CheckerRepo: "https://github.com/teacher/forkroom", CheckerRev: strings.Repeat("a", 40)}, "OWNER/NAME"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := tc.dst(t)
			_, err := Make(context.Background(), root, dst, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			_, statErr := os.Stat(filepath.Join(dst, "go.mod"))
			assert.True(t, os.IsNotExist(statErr), "nothing was written")
		})
	}
	t.Run("texts naming a missing folder: nothing is written", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "h")
		_, err := Make(context.Background(), root, dst, Options{NoGit: true})
		var d *DanglingError
		if err == nil {
			t.Skip("no text names a missing folder any more")
		}
		require.ErrorAs(t, err, &d)
		assert.NoDirExists(t, dst)
	})
}

func TestStubsMustBePristine(t *testing.T) {
	root := repoRoot(t)
	files := map[string][]byte{}
	archive, err := os.ReadFile(filepath.Join(root, "internal/course/pristine.tar.gz"))
	require.NoError(t, err)
	files["internal/course/pristine.tar.gz"] = archive
	for _, f := range []string{"lessons/01-files/main.go", "lessons/01-files/README.md", "lessons/01-files/README.zh.md"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		files[f] = b
	}
	err = checkStubs(root, files)
	require.Error(t, err, "the other lessons are missing")
	assert.Contains(t, err.Error(), "lessons/02-fork/main.go (missing)")

	t.Run("a teacher who solved lesson 01 in their copy does not hand out the answer", func(t *testing.T) {
		files["lessons/01-files/main.go"] = []byte("package main\n\nfunc main() { /* my solution */ }\n")
		err := checkStubs(root, files)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "lessons/01-files/main.go (changed)")
	})
}

func TestFindDangling(t *testing.T) {
	source := map[string]bool{"solutions": true, "solutions/01-files": true, "chatroom": true, "chatroom/PROTOCOL.md": true,
		"lessons": true, "lessons/01-files": true, "lessons/01-files/main.go": true}
	handed := map[string]bool{"lessons": true, "lessons/01-files": true, "lessons/01-files/main.go": true}
	texts := map[string][]byte{
		"lessons/01-files/README.md": []byte("go run ./lessons/01-files /tmp/x\ngo run ./solutions/01-files /tmp/x\nsee [the protocol](../../chatroom/PROTOCOL.md)\n"),
		"lessons/01-files/main.go":   []byte("// compare with solutions/01-files\n"),
		"README.md":                  []byte("`chatroom/` is the finished chat room; lessons/NN-topic/ is yours\n"),
	}
	got := findDangling(texts, func(p string) bool { return source[p] }, func(p string) bool { return handed[p] })
	var s []string
	for _, d := range got {
		s = append(s, d.String())
	}
	assert.Equal(t, []string{
		"README.md:1: chatroom",
		"lessons/01-files/README.md:2: solutions/01-files",
		"lessons/01-files/README.md:3: chatroom/PROTOCOL.md",
	}, s, "Go source is not a text; a relative link is resolved from its file")
}

// TestLeaksAreFound: a reference solution with a mistake patched in (a
// known-wrong program, issue 9's patches applied), put anywhere in the
// handout, is caught; and what is handed out holds no reference code.
func TestLeaksAreFound(t *testing.T) {
	root := repoRoot(t)
	ref := referenceCode(root, false)
	n := 0
	for name, body := range ref {
		if !strings.HasPrefix(name, "solutions/") || len(significantLines(body)) < leakMinLines {
			continue
		}
		lines := strings.Split(string(body), "\n")
		mid := len(lines) / 2
		mutant := strings.Join(append(append([]string{}, lines[:mid]...), lines[mid+3:]...), "\n") // three lines gone
		hidden := map[string][]byte{"internal/proc/testdata/fixture/main.go": []byte(mutant)}
		assert.NotEmpty(t, findLeaks(hidden, ref), "%s with three lines cut would be caught", name)
		n++
	}
	assert.Greater(t, n, 10, "the solutions were found")

	wrong := 0
	caught := map[string]bool{}
	for name := range ref {
		if strings.HasPrefix(name, "internal/checks/testdata/") && strings.HasSuffix(name, ".go") {
			wrong++
		}
	}
	for _, l := range findLeaks(ref, ref) {
		if strings.HasPrefix(l.File, "internal/checks/testdata/") && strings.HasPrefix(l.Reference, "solutions/") {
			caught[l.File] = true
		}
	}
	t.Logf("of the %d whole-copy known-wrong programs still in testdata/, %d are near-copies of a solution the check sees", wrong, len(caught))

	handed, _, err := selected(root, false)
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range handed {
		out[f], err = os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		require.NoError(t, err)
	}
	assert.Empty(t, findLeaks(out, referenceCode(root, false)))
}

// TestDevcontainer checks what can be checked without Docker: the JSON is
// valid, names a Dockerfile that is there, and the image has the tools the
// lessons name.
func TestDevcontainer(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, ".devcontainer", "devcontainer.json"))
	require.NoError(t, err)
	var dc struct {
		Build struct {
			Dockerfile string `json:"dockerfile"`
		} `json:"build"`
		Init       bool   `json:"init"`
		RemoteUser string `json:"remoteUser"`
	}
	require.NoError(t, json.Unmarshal(data, &dc), "devcontainer.json is plain JSON")
	assert.True(t, dc.Init, "an init reaps the orphans adopted by PID 1, as on a real machine")
	docker, err := os.ReadFile(filepath.Join(root, ".devcontainer", dc.Build.Dockerfile))
	require.NoError(t, err)
	assert.Regexp(t, `(?m)\AFROM golang:\S+$|^FROM golang:\S+$`, string(docker))
	for _, pkg := range []string{"procps", "netcat-openbsd", "make", "git"} {
		assert.Regexp(t, `\b`+regexp.QuoteMeta(pkg)+`\b`, string(docker), "the image installs %s", pkg)
	}
	assert.Contains(t, string(docker), "USER $USERNAME")
	assert.Contains(t, string(docker), "useradd", "remoteUser %s exists in the image", dc.RemoteUser)
}
