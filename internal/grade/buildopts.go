package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// OverlayImportPath, in the content of a Suite.Overlay file, stands for the
// import path of the lesson's folder ("forkroom/lessons/12-protocol"), so
// that a file the checker puts in can import the student's own packages
// wherever the folder is.
const OverlayImportPath = "$LESSON"

// buildFlags returns the flags every `go build` of suite gets besides -o:
// -overlay when the suite replaces files of the lesson. It writes the
// replacement files and the overlay's JSON under r.tmp.
func (r *lessonRun) buildFlags(ctx context.Context, goCmd string, suite Suite, dir string) ([]string, error) {
	if len(suite.Overlay) == 0 {
		return nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	importPath, err := lessonImportPath(ctx, goCmd, abs)
	if err != nil {
		return nil, err
	}
	replace := map[string]string{}
	for i, rel := range sortedKeys(suite.Overlay) {
		content := strings.ReplaceAll(suite.Overlay[rel], OverlayImportPath, importPath)
		file := filepath.Join(r.tmp, "overlay", fmt.Sprintf("%d-%s", i, filepath.Base(rel)))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			return nil, err
		}
		replace[filepath.Join(abs, filepath.FromSlash(rel))] = file
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return nil, err
	}
	overlay := filepath.Join(r.tmp, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return nil, err
	}
	return []string{"-overlay", overlay}, nil
}

// lessonImportPath asks the go command for the import path of the package in
// dir. -e: a package that does not compile still has one.
func lessonImportPath(ctx context.Context, goCmd, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, "list", "-e", "-f", "{{.ImportPath}}", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), buildEnv...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go list in %s: %w: %s", dir, err, stderr.String())
	}
	p := strings.TrimSpace(out.String())
	if p == "" || strings.HasPrefix(p, "_") {
		return "", fmt.Errorf("go list in %s: the folder is not in a module (import path %q)", dir, p)
	}
	return p, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// buildRace builds one program again with -race, to out, and returns the
// binary to run when a check asks for the race detector. When the race
// build fails (no cgo, no C compiler, a platform without it), the plain
// build at plain stands in and why is recorded for T.Race.
//
// The race detector needs cgo, which the checker otherwise turns off: a
// lesson whose private copy imports "C" is not built with -race, so that no
// student's C code or flags reach the C compiler.
func (r *lessonRun) buildRace(src string, build func(out string, extra ...string) error, plain, out string) string {
	if cgo, err := importsC(src); err != nil || cgo {
		r.race, r.noRace = false, "the program imports \"C\": cgo is not allowed"
		return plain
	}
	if err := build(out, "-race"); err != nil {
		var be *BuildError
		if errors.As(err, &be) {
			r.noRace = be.Output
		} else {
			r.noRace = err.Error()
		}
		return plain
	}
	r.race = true
	return out
}

// Race reports whether the lesson's programs were built a second time with
// the race detector (Suite.Race, StartOptions.Race), and when they were not,
// why.
func (t *T) Race() (on bool, why string) { return t.run.race, t.run.noRace }

// importsC reports whether a Go file below dir imports "C".
func importsC(dir string) (bool, error) {
	found := false
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || found || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return nil // go build reports it
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"C"` {
				found = true
			}
		}
		return nil
	})
	return found, err
}
