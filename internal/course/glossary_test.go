package course_test

import (
	"bufio"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "forkroom/internal/cli" // registers the catalogs of everything the checker says
	"forkroom/internal/i18n"
	"forkroom/internal/workbook"
)

// The glossary test holds every Chinese text of the course to docs/glossary.md:
// no word the glossary forbids, a space between Chinese and Latin letters or
// digits, and 秒/毫秒 rather than s/ms after a number. The texts are the
// Chinese Markdown files (*.zh.md), the Chinese of make help, the Chinese
// string literals and comments of the Go source (the catalogs, course.go, the stubs' comments, the chat room's
// texts) and the checker's catalog as registered at run time.

// rule is one forbidden word of the glossary and the longer words containing
// it that are allowed.
type rule struct {
	word   string
	except []string
	use    string // what the glossary says to write instead
}

// ascii reports whether the rule's word is plain ASCII: such words are looked
// for in prose only, outside code.
func (r rule) ascii() bool {
	for _, c := range r.word {
		if c > unicode.MaxASCII {
			return false
		}
	}
	return true
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readGlossary reads the forbidden words from the tables of docs/glossary.md
// that have a column 不要用.
func readGlossary(t *testing.T) []rule {
	t.Helper()
	if workbook.IsHandout(root(t)) {
		t.Skip("a handout has no docs/glossary.md (it is the authors' rule book, and names folders a handout leaves out); its texts were held to it where it was made")
	}
	f, err := os.Open(filepath.Join(root(t), "docs", "glossary.md"))
	require.NoError(t, err)
	defer f.Close()
	var rules []rule
	forbidCol, exceptCol, useCol := -1, -1, -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			forbidCol = -1
			continue
		}
		cells := tableCells(line)
		if forbidCol < 0 {
			for i, c := range cells {
				switch c {
				case "不要用":
					forbidCol = i
				case "例外":
					exceptCol = i
				case "用这个":
					useCol = i
				}
			}
			continue
		}
		if forbidCol >= len(cells) || strings.HasPrefix(cells[0], "---") {
			continue
		}
		var except []string
		if exceptCol >= 0 && exceptCol < len(cells) {
			for _, m := range backticked.FindAllStringSubmatch(cells[exceptCol], -1) {
				except = append(except, m[1])
			}
		}
		use := ""
		if useCol >= 0 && useCol < len(cells) {
			use = cells[useCol]
		}
		for _, m := range backticked.FindAllStringSubmatch(cells[forbidCol], -1) {
			rules = append(rules, rule{word: m[1], except: except, use: use})
		}
	}
	require.NoError(t, sc.Err())
	return rules
}

// tableCells splits a Markdown table row, keeping a | inside backticks.
func tableCells(line string) []string {
	var cells []string
	var cur strings.Builder
	code := false
	for _, c := range strings.Trim(line, "|") {
		switch {
		case c == '`':
			code = !code
			cur.WriteRune(c)
		case c == '|' && !code:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(c)
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return r
}

// text is one piece of Chinese text: all of it (code included) and its prose,
// where code spans are replaced by a placeholder X and code blocks are left out.
type text struct {
	where string // file:line
	all   string
	prose string
}

// markdownTexts returns the lines of a Chinese Markdown file. A code span may
// run over a line break, so a line whose backticks do not pair up is read
// together with the lines after it.
func markdownTexts(t *testing.T, path, name string) []text {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	var out []text
	fence := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		where := fmt.Sprintf("%s:%d", name, i+1)
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fence = !fence
			continue
		}
		if fence {
			out = append(out, text{where: where, all: line})
			continue
		}
		for strings.Count(line, "`")%2 == 1 && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			i++
			line += "\n" + lines[i]
		}
		out = append(out, text{where: where, all: line, prose: proseOf(line)})
	}
	return out
}

var (
	codeSpan   = regexp.MustCompile("``[^`]*``|`[^`]*`")
	linkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	hasHan     = regexp.MustCompile(`\p{Han}`)
)

// proseOf replaces the code spans of a line by X and drops link targets.
func proseOf(s string) string {
	s = codeSpan.ReplaceAllString(s, "X")
	return linkTarget.ReplaceAllString(s, "]")
}

// chineseOutsideQuotes reports whether s is Chinese text rather than English
// text quoting a Chinese phrase: it has Chinese characters outside code spans
// and ASCII double quotes.
var asciiQuoted = regexp.MustCompile(`"[^"]*"`)

func chineseOutsideQuotes(s string) bool {
	return hasHan.MatchString(asciiQuoted.ReplaceAllString(codeSpan.ReplaceAllString(s, ""), ""))
}

// goTexts returns the Chinese string literals and comments of a Go file.
func goTexts(t *testing.T, path, name string) []text {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	fset := token.NewFileSet()
	file := fset.AddFile(path, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var out []text
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		var body string
		switch tok {
		case token.COMMENT:
			body = commentProse(lit)
		case token.STRING:
			u, err := strconv.Unquote(lit)
			if err != nil {
				continue
			}
			body = u
		default:
			continue
		}
		if !chineseOutsideQuotes(body) {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, fset.Position(pos).Line)
		out = append(out, text{where: where, all: body, prose: proseOf(body)})
	}
	return out
}

// commentProse drops the preformatted lines of a comment (a tab after the
// //: a command, a program's output), which are code, not prose.
func commentProse(c string) string {
	var keep []string
	for _, l := range strings.Split(c, "\n") {
		if strings.HasPrefix(strings.TrimPrefix(strings.TrimSpace(l), "//"), "\t") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

var makeChinese = regexp.MustCompile(`## .*? ## (.*)$|echo "([^"]*\p{Han}[^"]*)"`)

// makefileTexts returns the Chinese of make help: the second description of
// a target ("## English ## 中文") and the Chinese lines it echoes.
func makefileTexts(t *testing.T, path, name string) []text {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []text
	for i, line := range strings.Split(string(data), "\n") {
		for _, m := range makeChinese.FindAllStringSubmatch(line, -1) {
			zh := m[1] + m[2]
			out = append(out, text{where: fmt.Sprintf("%s:%d", name, i+1), all: zh, prose: proseOf(zh)})
		}
	}
	return out
}

// chineseTexts gathers every Chinese text of the workbook.
func chineseTexts(t *testing.T) []text {
	t.Helper()
	r := root(t)
	var out []text
	err := filepath.WalkDir(r, func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		name, _ := filepath.Rel(r, path)
		name = filepath.ToSlash(name)
		if d.IsDir() {
			if base := d.Name(); base == "testdata" || base == "bin" || strings.HasPrefix(base, ".") && path != r {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".zh.md"):
			out = append(out, markdownTexts(t, path, name)...)
		case strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"):
			out = append(out, goTexts(t, path, name)...)
		case name == "Makefile": // the Chinese of make help
			out = append(out, makefileTexts(t, path, name)...)
		}
		return nil
	})
	require.NoError(t, err)
	// The catalog as registered at run time: only what the source scan did
	// not already find as a literal (an entry built at run time).
	seen := map[string]bool{}
	for _, x := range out {
		seen[x.all] = true
	}
	entries := i18n.Entries()
	keys := make([]string, 0, len(entries))
	for en := range entries {
		keys = append(keys, en)
	}
	sort.Strings(keys)
	for _, en := range keys {
		zh := entries[en]
		if seen[zh] {
			continue
		}
		out = append(out, text{where: "catalog " + strconv.Quote(short(en)), all: zh, prose: proseOf(zh)})
	}
	return out
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// isWordByte is a byte that continues an ASCII word, an identifier or a path:
// a forbidden ASCII word next to one of these is code (cmd.Process.Pid,
// /proc/PID/status, pid_max), not prose.
func isWordByte(b byte) bool {
	return b == '_' || b == '.' || b == '/' || b == '-' || b == '$' ||
		'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// hits returns the forbidden words of r in x.
func (r rule) hits(x text) int {
	s := x.all
	if r.ascii() {
		s = x.prose
	}
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], r.word)
		if j < 0 {
			return n
		}
		at := i + j
		i = at + len(r.word)
		if r.ascii() && isLetter(r.word[0]) {
			// Next to a word character, an = or ASCII brackets and commas,
			// the word is code: Wait4(pid, ...), pid=4712, f(pid).
			end := at + len(r.word)
			if at > 0 && (isWordByte(s[at-1]) || s[at-1] == '(' || s[at-1] == '[') ||
				end < len(s) && (isWordByte(s[end]) || strings.IndexByte("=(),]", s[end]) >= 0) {
				continue
			}
		}
		if r.excepted(s, at) {
			continue
		}
		n++
	}
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// excepted reports whether the forbidden word at s[at:] is part of one of the
// rule's allowed words.
func (r rule) excepted(s string, at int) bool {
	for _, e := range r.except {
		for k := strings.Index(e, r.word); k >= 0; {
			if start := at - k; start >= 0 && strings.HasPrefix(s[start:], e) {
				return true
			}
			next := strings.Index(e[k+1:], r.word)
			if next < 0 {
				break
			}
			k += 1 + next
		}
	}
	return false
}

var (
	// hanThenLatin and latinThenHan find Chinese written against a Latin
	// letter or digit with no space (X stands for a code span).
	hanThenLatin = regexp.MustCompile(`\p{Han}[A-Za-z0-9]`)
	latinThenHan = regexp.MustCompile(`[A-Za-z0-9]\p{Han}`)
	// stringVerb is a %s or %v of a message: its value may be Chinese
	// ("3 秒", "僵尸"), so the space beside it follows the value, not the rule.
	stringVerb = regexp.MustCompile(`%(?:\[\d+\])?[sv]`)
	// latinUnit finds s or ms right after a number or a format verb.
	latinUnit = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.])(?:\d+(?:\.\d+)?|%[-+# 0-9.]*[a-z])\s?(?:ms|s)(?:$|[^A-Za-z0-9_])`)
)

func TestChineseTextsFollowTheGlossary(t *testing.T) {
	rules := readGlossary(t)
	require.Greater(t, len(rules), 30, "the glossary's tables of forbidden words were read")
	texts := chineseTexts(t)
	require.Greater(t, len(texts), 1000, "the Chinese texts were found")
	kinds := map[string]bool{}
	for _, x := range texts {
		switch {
		case strings.HasPrefix(x.where, "Makefile:"):
			kinds["Makefile"] = true
		case strings.Contains(x.where, ".zh.md:"):
			kinds["zh.md"] = true
		case strings.Contains(x.where, ".go:"):
			kinds["go"] = true
		}
	}
	require.Equal(t, map[string]bool{"Makefile": true, "zh.md": true, "go": true}, kinds, "every kind of Chinese text was read")

	// report lists the problems per file, one subtest per file, so a failure
	// names the files to fix.
	report := func(t *testing.T, problems map[string][]string) {
		files := make([]string, 0, len(problems))
		for f := range problems {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			t.Run(f, func(t *testing.T) {
				if list := problems[f]; len(list) > 0 {
					assert.Fail(t, fmt.Sprintf("%d places break docs/glossary.md", len(list)), strings.Join(list, "\n"))
				}
			})
		}
	}
	fileOf := func(where string) string {
		if strings.HasPrefix(where, "catalog ") {
			return "catalog"
		}
		return where[:strings.LastIndex(where, ":")]
	}

	t.Run("no word the glossary forbids", func(t *testing.T) {
		problems := map[string][]string{}
		for _, x := range texts {
			for _, r := range rules {
				if r.hits(x) > 0 {
					problems[fileOf(x.where)] = append(problems[fileOf(x.where)],
						fmt.Sprintf("%s: %q (use %s): %s", x.where, r.word, r.use, short(strings.TrimSpace(x.all))))
				}
			}
		}
		report(t, problems)
	})

	t.Run("a space between Chinese and Latin letters or digits", func(t *testing.T) {
		problems := map[string][]string{}
		for _, x := range texts {
			prose := stringVerb.ReplaceAllString(x.prose, "◇")
			if m := hanThenLatin.FindString(prose); m != "" {
				problems[fileOf(x.where)] = append(problems[fileOf(x.where)], fmt.Sprintf("%s: %q in %s", x.where, m, short(strings.TrimSpace(x.prose))))
			} else if m := latinThenHan.FindString(prose); m != "" {
				problems[fileOf(x.where)] = append(problems[fileOf(x.where)], fmt.Sprintf("%s: %q in %s", x.where, m, short(strings.TrimSpace(x.prose))))
			}
		}
		report(t, problems)
	})

	t.Run("秒 and 毫秒 after a number, not s and ms", func(t *testing.T) {
		problems := map[string][]string{}
		for _, x := range texts {
			if m := latinUnit.FindString(x.prose); m != "" {
				problems[fileOf(x.where)] = append(problems[fileOf(x.where)], fmt.Sprintf("%s: %q in %s", x.where, strings.TrimSpace(m), short(strings.TrimSpace(x.prose))))
			}
		}
		report(t, problems)
	})
}

// TestGlossaryRules shows what the rules catch and what they leave alone.
func TestGlossaryRules(t *testing.T) {
	md := func(s string) text { return text{all: s, prose: proseOf(s)} }
	pid := rule{word: "pid", use: "进程号"}
	quote := rule{word: `"`, use: "“…”"}
	broadcast := rule{word: "广播", except: []string{"广播地址", "UDP 广播"}}
	subreaper := rule{word: "subreaper", except: []string{"子进程回收者（subreaper）"}}
	for _, tc := range []struct {
		name string
		r    rule
		in   string
		want int
	}{
		{"pid in Chinese prose", pid, "子进程的 pid 是 4712", 1},
		{"pid as an output field", pid, "子进程打印 pid=4712", 0},
		{"pid in a code span", pid, "运行 `ps -o pid,comm`", 0},
		{"pid as an argument in a message without backticks", pid, "按启动顺序调用 Wait4(pid, ...)", 0},
		{"Pid as part of an identifier", rule{word: "Pid"}, "父进程从 cmd.Process.Pid 得到子进程的进程号", 0},
		{"PID in a path", rule{word: "PID"}, "读 /proc/PID/status", 0},
		{"an ASCII quote in prose", quote, `打印 "exists"`, 2},
		{"an ASCII quote in a code span", quote, "打印 `\"exists\"`", 0},
		{"a forbidden Chinese word", broadcast, "服务器把消息广播给每个人", 1},
		{"a forbidden word inside an allowed one", broadcast, "不用广播地址，也不用 UDP 广播", 0},
		{"subreaper after its Chinese name", subreaper, "子进程回收者（subreaper）就是它", 0},
		{"subreaper alone", subreaper, "检查器是 subreaper", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.r.hits(md(tc.in)))
		})
	}

	t.Run("spacing", func(t *testing.T) {
		assert.True(t, hanThenLatin.MatchString(proseOf("调用`os.Exit`")), "Chinese against a code span")
		assert.True(t, latinThenHan.MatchString(proseOf("第01课")))
		assert.False(t, hanThenLatin.MatchString(proseOf("第 01 课调用 `os.Exit` 之后")))
		assert.False(t, latinThenHan.MatchString(stringVerb.ReplaceAllString("运行了 %s就结束了", "◇")), "%s may be Chinese")
		assert.True(t, latinThenHan.MatchString(stringVerb.ReplaceAllString("%d个", "◇")), "%d is a number")
	})
	t.Run("units", func(t *testing.T) {
		for _, s := range []string{"应在 3 s 到 4.20 s 之间", "每 100 ms 打印", "（%.1f s，随机种子 %d）", "用时 5.01s", "%ds 之后"} {
			assert.Regexp(t, latinUnit, proseOf(s), s)
		}
		for _, s := range []string{"3 秒", "`time.Sleep(3 * time.Second)`", "打印 `5.01 s`", "%s 之后"} {
			assert.NotRegexp(t, latinUnit, proseOf(s), s)
		}
	})
}
