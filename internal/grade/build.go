package grade

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"forkroom"
)

// module is the workbook's module path: lessons import their own packages
// as forkroom/lessons/12-protocol/protocol.
const module = "forkroom"

// Limits on what is copied for a build: a lesson is a few small files.
const (
	maxCopyFiles = 2000
	maxCopyBytes = 64 << 20
)

// buildEnv is what `go build` runs with, whatever the teacher's or the
// student's settings: no C (cgo runs the C compiler on the student's
// flags), no other Go toolchain, the course's go.mod as it is, no module
// downloads, no workspace, no version-control stamping (it runs git in the
// submission's folder), and no DWARF debugging information (-ldflags=-w):
// no check reads it, stack traces do not need it, and leaving it out takes
// a quarter off the link, most of a build's CPU time (docs/benchmarks.md,
// "Class grading").
var buildEnv = []string{
	"CGO_ENABLED=0",
	"GOTOOLCHAIN=local",
	"GOFLAGS=-mod=readonly -buildvcs=false -ldflags=-w",
	"GOPROXY=off",
	"GOWORK=off",
}

// build compiles the lesson's programs from a private copy: the lesson's
// folder and the workbook packages it imports are copied into a module of
// their own with the checker's go.mod and go.sum, so that a hostile go.mod
// cannot reach outside, and nothing a program does to the submission
// changes what is built or graded next.
func (r *lessonRun) build(ctx context.Context, suite Suite, dir string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("no lesson folder at %s", dir)
	}
	src, err := privateCopy(dir, filepath.Join(r.tmp, "src"))
	if err != nil {
		return fmt.Errorf("copying the lesson: %w", err)
	}
	pkgs := suite.Programs
	if len(pkgs) == 0 {
		pkgs = []string{"."}
	}
	goCmd := r.opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	flags, err := r.buildFlags(ctx, goCmd, suite, src)
	if err != nil {
		return err
	}
	for i, pkg := range pkgs {
		name := path.Base(pkg)
		if name == "." {
			name = ""
		}
		out := filepath.Join(r.bin, exeName(dir, name))
		build := func(out string, extra ...string) error {
			return goBuild(ctx, goCmd, src, dir, out, pkg, append(flags, extra...))
		}
		if err := build(out); err != nil {
			return err
		}
		if err := refuseAnswers(ctx, goCmd, src, "./"+strings.TrimPrefix(pkg, "./")); err != nil {
			return err
		}
		r.exes[name] = out
		if suite.Race {
			r.raceExes[name] = r.buildRace(src, build, out, out+"-race")
		}
		if i == 0 {
			r.first = name
		}
	}
	return nil
}

// goBuild runs `go build` of the package pkg in the private copy src into
// out. Its compiler messages name the student's folder dir, not the copy.
// A "-race" among flags turns cgo on, which the race detector needs.
func goBuild(ctx context.Context, goCmd, src, dir, out, pkg string, flags []string) error {
	bctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	args := append(append([]string{"build", "-o", out}, flags...), "./"+strings.TrimPrefix(pkg, "./"))
	cmd := exec.CommandContext(bctx, goCmd, args...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), buildEnv...)
	for _, f := range flags {
		if f == "-race" {
			cmd.Env = append(cmd.Env, "CGO_ENABLED=1")
		}
	}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if bytes.Contains(buf.Bytes(), []byte("GOPROXY=off")) {
		return fmt.Errorf("a module the course needs is not in Go's module cache: run `go mod download` in the workbook once (%s)", strings.TrimSpace(buf.String()))
	}
	if errors.As(err, &ee) && bctx.Err() == nil {
		return &BuildError{Output: cleanBuildOutput(strings.ReplaceAll(buf.String(), src, dir))}
	}
	return fmt.Errorf("running go build: %w: %s", err, buf.String())
}

// privateCopy copies the lesson at dir into a new module at dst, at the
// same place relative to the module's root as in the workbook (so that its
// import paths still hold), with the checker's own go.mod and go.sum, and
// copies in every package of the workbook it imports. Symbolic links are
// followed only when they stay inside the folder being copied. It returns
// the lesson's folder in the copy.
func privateCopy(dir, dst string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return "", err
	}
	root := moduleRoot(dir)
	rel := filepath.Base(dir)
	if root != "" {
		rel, _ = filepath.Rel(root, dir)
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dst, "go.mod"), forkroom.GoMod, 0o600); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dst, "go.sum"), forkroom.GoSum, 0o600); err != nil {
		return "", err
	}
	c := &copier{}
	if err := c.tree(dir, filepath.Join(dst, rel), true); err != nil {
		return "", err
	}
	if root == "" {
		return filepath.Join(dst, rel), nil
	}
	// The workbook's packages it imports, and theirs, one folder each.
	copied := map[string]bool{rel: true}
	queue := []string{rel}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		imports, err := workbookImports(filepath.Join(dst, pkg))
		if err != nil {
			return "", err
		}
		for _, imp := range imports {
			p := filepath.FromSlash(strings.TrimPrefix(imp, module+"/"))
			if copied[p] || within(rel, p) || strings.HasPrefix(p, "..") || filepath.IsAbs(p) {
				continue
			}
			copied[p] = true
			if err := c.tree(filepath.Join(root, p), filepath.Join(dst, p), false); err != nil {
				if errors.Is(err, os.ErrNotExist) {
					continue // go build says which import is missing
				}
				return "", err
			}
			queue = append(queue, p)
		}
		// Packages below the lesson's folder were copied with it; look at
		// their imports too.
		if pkg == rel {
			err := filepath.WalkDir(filepath.Join(dst, rel), func(p string, d os.DirEntry, err error) error {
				if err != nil || !d.IsDir() || p == filepath.Join(dst, rel) {
					return err
				}
				sub, _ := filepath.Rel(dst, p)
				if !copied[sub] {
					copied[sub] = true
					queue = append(queue, sub)
				}
				return nil
			})
			if err != nil {
				return "", err
			}
		}
	}
	return filepath.Join(dst, rel), nil
}

// within reports whether the slash-free relative path p is dir or below it.
func within(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// moduleRoot finds the folder above dir whose go.mod declares the module
// forkroom, or "".
func moduleRoot(dir string) string {
	for d := dir; ; {
		if f, err := os.Open(filepath.Join(d, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
					if p, err := strconv.Unquote(fields[1]); err == nil {
						fields[1] = p
					}
					f.Close()
					if fields[1] == module {
						return d
					}
					return ""
				}
			}
			f.Close()
			return ""
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// workbookImports lists the imports of the workbook's own packages in the
// Go files of one folder.
func workbookImports(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	fset := token.NewFileSet()
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ImportsOnly)
		if err != nil {
			continue // go build reports it
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err == nil && strings.HasPrefix(p, module+"/") {
				out = append(out, path.Clean(p))
			}
		}
	}
	return out, nil
}

// copier copies folders, within limits.
type copier struct {
	files int
	bytes int64
}

// tree copies the folder src to dst: its Go files, and its
// sub-folders when deep. A symbolic link is copied as the file or folder
// it points to only when that is inside src.
func (c *copier) tree(src, dst string, deep bool) error {
	top, err := filepath.EvalSymlinks(src)
	if err != nil {
		return err
	}
	var walk func(from, to string) error
	walk = func(from, to string) error {
		if err := os.MkdirAll(to, 0o700); err != nil {
			return err
		}
		entries, err := os.ReadDir(from)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := filepath.Join(from, e.Name())
			fi, err := os.Lstat(p)
			if err != nil {
				return err
			}
			if fi.Mode()&os.ModeSymlink != 0 {
				real, err := filepath.EvalSymlinks(p)
				if err != nil || !within(top, real) {
					continue // a link out of the folder is not followed
				}
				if fi, err = os.Stat(real); err != nil {
					continue
				}
				p = real
			}
			switch {
			case fi.IsDir() && deep:
				if err := walk(p, filepath.Join(to, e.Name())); err != nil {
					return err
				}
			case fi.Mode().IsRegular() && strings.HasSuffix(e.Name(), ".go"):
				// Go files only: no assembly, C or object files (.s,
				// .c, .syso) reach the toolchain.
				if err := c.file(p, filepath.Join(to, e.Name()), fi.Size()); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(top, dst)
}

func (c *copier) file(src, dst string, size int64) error {
	c.files++
	c.bytes += size
	if c.files > maxCopyFiles || c.bytes > maxCopyBytes {
		return fmt.Errorf("the lesson's folder holds more than %d files or %d MiB", maxCopyFiles, maxCopyBytes>>20)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(in, maxCopyBytes)); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
