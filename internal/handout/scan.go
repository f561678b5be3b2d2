package handout

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// A dangling reference is a path in one of the handout's texts that names a
// file or folder of the teacher's repository that the handout left out: a
// "See it for yourself" command that runs ./solutions/..., a link to
// chatroom/PROTOCOL.md in a handout without the chat room.
type dangling struct {
	File string // the text, a slash path in the handout
	Line int
	Path string // the path it names, from the top of the repository
}

func (d dangling) String() string {
	return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Path)
}

// pathToken finds what may be a path in a text: words with a slash, such as
// ./solutions/01-files, chatroom/PROTOCOL.md or ../../chatroom/.
var pathToken = regexp.MustCompile(`(?:\.{1,2}/)*\.?[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.*-]*)+`)

// isText says which of the handout's files are texts a person reads and runs
// commands from: everything but Go source and the handout's templates (the
// checker's code, which names the teacher's layout), module sums, archives,
// .gitignore patterns and vendored code.
func isText(p string) bool {
	if strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "internal/handout/templates/") || path.Base(p) == ".gitignore" { // patterns, not references
		return false
	}
	switch path.Ext(p) {
	case ".go", ".tmpl", ".gz", ".sum", ".png", ".jpg":
		return false
	}
	return true
}

// findDangling lists the references in texts (handout path → content) to
// paths that exist in the teacher's repository (inSource) but not in the
// handout (inHandout). A path is tried both from the top of the repository
// and from the text's own folder, as Markdown links are.
func findDangling(texts map[string][]byte, inSource, inHandout func(string) bool) []dangling {
	var out []dangling
	for file, body := range texts {
		if !isText(file) || bytes.IndexByte(body, 0) >= 0 {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			seen := map[string]bool{}
			for _, tok := range pathToken.FindAllString(sc.Text(), -1) {
				for _, p := range candidates(file, tok) {
					if !seen[p] && inSource(p) && !inHandout(p) {
						seen[p] = true
						out = append(out, dangling{File: file, Line: n, Path: p})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// candidates are the repository paths a token in file may name: from the
// top, and from file's folder; trailing "/", "/..." and "/*" are dropped.
func candidates(file, tok string) []string {
	tok = strings.TrimRight(tok, ".*/")
	tok = strings.TrimSuffix(tok, "/...")
	if tok == "" {
		return nil
	}
	var out []string
	for _, p := range []string{path.Clean(tok), path.Join(path.Dir(file), tok)} {
		if p == "." || strings.HasPrefix(p, "../") || p == ".." {
			continue
		}
		out = append(out, p)
	}
	return out
}
