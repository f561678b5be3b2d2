package handout

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
)

// A leak is a handed-out file that holds most of a piece of reference code:
// a solution copied into a test's fixtures, a near-solution under some
// testdata/ nobody thought of. The allow-list keeps the known places out;
// this looks at every Go file that goes out, whatever its folder.
type leak struct {
	File      string // the handed-out file
	Reference string // the reference file it holds most of
	Shared    int    // significant lines of Reference found in File
	Of        int    // significant lines of Reference
}

func (l leak) String() string {
	return fmt.Sprintf("%s holds %d of the %d lines of %s", l.File, l.Shared, l.Of, l.Reference)
}

// Thresholds of a leak: a reference file with fewer significant lines is too
// small to tell an answer from a common idiom.
const (
	leakMinLines = 12
	leakShare    = 0.5
)

// significantLines are the lines of Go source that say something: trimmed,
// not blank, not a comment, not a lone brace or an import, and long enough
// not to be an idiom every program has (`if err != nil {`).
func significantLines(src []byte) map[string]bool {
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		switch {
		case len(l) < 24, strings.HasPrefix(l, "//"), strings.HasPrefix(l, "import"), strings.HasPrefix(l, "package "),
			l == "if err != nil {", l == "return err", strings.HasPrefix(l, `"`) && strings.HasSuffix(l, `"`):
			continue
		}
		out[l] = true
	}
	return out
}

// findLeaks compares every handed-out Go file outside lessons/ (the stubs,
// which share their scaffolding with the solutions by design and are checked
// against the pristine archive instead) with every reference file.
func findLeaks(handed map[string][]byte, reference map[string][]byte) []leak {
	type ref struct {
		name  string
		lines map[string]bool
	}
	var refs []ref
	for name, body := range reference {
		if path.Ext(name) != ".go" {
			continue
		}
		if lines := significantLines(body); len(lines) >= leakMinLines {
			refs = append(refs, ref{name, lines})
		}
	}
	var out []leak
	for file, body := range handed {
		if path.Ext(file) != ".go" || strings.HasPrefix(file, "lessons/") {
			continue
		}
		have := significantLines(body)
		for _, r := range refs {
			shared := 0
			for l := range r.lines {
				if have[l] {
					shared++
				}
			}
			if float64(shared) >= leakShare*float64(len(r.lines)) {
				out = append(out, leak{File: file, Reference: r.name, Shared: shared, Of: len(r.lines)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Reference < out[j].Reference
	})
	return out
}
