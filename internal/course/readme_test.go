package course

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/workbook"
)

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// lessonSections are the sections every lesson text has, in this order, in
// English and in Chinese (docs/writing-a-lesson.md).
var lessonSections = [][2]string{
	{"Goal", "目标"},
	{"The idea", "概念"},
	{"Python and Go", "Python 与 Go 对照"},
	{"The exercise", "练习"},
	{"Check your work", "检查你的程序"},
	{"Common mistakes", "常见错误"},
	{"See it for yourself", "亲眼看看"},
}

// headings returns the "## " headings of a Markdown file, outside code blocks.
func headings(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	fence := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if !fence && strings.HasPrefix(line, "## ") {
			out = append(out, strings.TrimSpace(line[3:]))
		}
	}
	require.NoError(t, sc.Err())
	return out
}

func TestReadmeSections(t *testing.T) {
	root := repoRoot(t)
	var en, zh []string
	for _, s := range lessonSections {
		en = append(en, s[0])
		zh = append(zh, s[1])
	}
	for _, l := range Lessons {
		if !l.Ready() {
			continue
		}
		t.Run(l.Dir(), func(t *testing.T) {
			dir := l.Path(root, Student)
			assert.Equal(t, en, headings(t, filepath.Join(dir, "README.md")), "the sections of README.md")
			assert.Equal(t, zh, headings(t, filepath.Join(dir, "README.zh.md")), "the sections of README.zh.md")
		})
	}
}

// TestDocumentPairs keeps each English document and its Chinese twin in
// step: the same number of sections, in the same order of levels.
func TestDocumentPairs(t *testing.T) {
	root := repoRoot(t)
	for _, pair := range [][2]string{
		{"README.md", "README.zh.md"},
		{"docs/teacher.md", "docs/teacher.zh.md"},
		{"chatroom/PROTOCOL.md", "chatroom/PROTOCOL.zh.md"},
	} {
		t.Run(pair[0], func(t *testing.T) {
			en, zh := filepath.Join(root, pair[0]), filepath.Join(root, pair[1])
			if workbook.IsHandout(root) && (!exists(en) || !exists(zh)) {
				t.Skip("not in this handout") // its READMEs are tested where they are made (internal/handout)
			}
			require.FileExists(t, en)
			require.FileExists(t, zh)
			assert.Equal(t, len(headings(t, en)), len(headings(t, zh)), "%s and %s have the same sections:\n%q\n%q",
				pair[0], pair[1], headings(t, en), headings(t, zh))
		})
	}
}
