package handout

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"forkroom/internal/i18n"
)

// A handout is made from an allow-list, not by deleting from a copy: a folder
// someone adds to the teacher's repository later (answers, a class's
// submissions, notes) stays out until it is named here.

// handedOut are the files and folders of the teacher's repository that go
// into every handout, as slash paths from its top. Folders are copied whole,
// less what leftOut names. README.md, README.zh.md and Makefile are not here:
// the handout has its own, written for students (templates/).
var handedOut = []string{
	"go.mod",
	"go.sum",
	"gomod.go", // embeds go.mod and go.sum: the checker builds students' code with them
	".gitignore",
	".devcontainer",
	"checker",
	"internal",
	"lessons",
	// Nothing of docs/: the teacher's guide and how to write a lesson are
	// for teachers, and the glossary is the authors' rule book, which names
	// the repository's folders.
}

// withChatroom is added with --with-chatroom.
const withChatroom = "chatroom"

// An omission is a part of the teacher's repository that a handout leaves out,
// and why.
type omission struct {
	// match reports whether the slash path p (a file) is left out.
	match func(p string) bool
	why   i18n.Msg
}

// leftOut are the answers and near-answers that hide inside the folders
// handedOut copies. Every entry says where it hides.
var leftOut = []omission{
	{
		match: func(p string) bool { return strings.HasPrefix(p, "internal/checks/testdata/") },
		why:   i18n.M("the known-wrong programs: each is a reference solution with one mistake"),
	},
	{
		match: func(p string) bool {
			return strings.HasPrefix(p, "internal/checks/") && strings.HasSuffix(p, "_test.go")
		},
		why: i18n.M("the checks' own tests: they grade solutions/ and the known-wrong programs, and some hold programs inline"),
	},
	{
		match: func(p string) bool { return strings.HasPrefix(p, "internal/similar/testdata/") },
		why:   i18n.M("the similarity checker's sample submissions: solutions of lessons 01 and 08, some copied on purpose"),
	},
	{
		match: func(p string) bool { return strings.HasPrefix(p, "internal/cli/testdata/") },
		why:   i18n.M("the class-grading scripts: they build a class of submissions from solutions/ and the known-wrong programs"),
	},
	{
		match: func(p string) bool { return strings.HasPrefix(p, "internal/grade/testdata/") },
		why:   i18n.M("the hostile programs the engine is tested with: a double fork with setsid, zombies and a hundred children are lessons 05-09's mechanisms"),
	},
}

// junk is never copied, wherever it is: build output, progress files,
// editors' and systems' droppings.
func junk(p string) bool {
	base := path.Base(p)
	for _, dir := range strings.Split(path.Dir(p), "/") {
		switch dir {
		case ".forkroom", "bin", ".git", ".idea", ".vscode":
			return true
		}
	}
	return base == ".DS_Store" || strings.HasSuffix(base, ".test") || strings.HasSuffix(base, ".out") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || base == "go.work" || base == "go.work.sum"
}

// selected lists the files of the teacher's repository at src that go into
// the handout, as sorted slash paths, and the files it left out with the
// reason for each.
func selected(src string, chatroom bool) (files []string, omitted map[string]i18n.Msg, err error) {
	roots := append([]string(nil), handedOut...)
	if chatroom {
		roots = append(roots, withChatroom)
	}
	omitted = map[string]i18n.Msg{}
	for _, root := range roots {
		abs := filepath.Join(src, filepath.FromSlash(root))
		st, err := os.Lstat(abs)
		if os.IsNotExist(err) && root != "lessons" && root != "checker" && root != "internal" {
			continue // an optional part, such as the glossary before it is written
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading the repository: %w", err)
		}
		if !st.IsDir() {
			if st.Mode().IsRegular() && !junk(root) {
				files = append(files, root)
			}
			continue
		}
		err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if junk(rel + "/x") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || junk(rel) {
				return nil // symbolic links and the like are not handed out
			}
			for _, o := range leftOut {
				if o.match(rel) {
					omitted[rel] = o.why
					return nil
				}
			}
			files = append(files, rel)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("reading the repository: %w", err)
		}
	}
	sort.Strings(files)
	return files, omitted, nil
}
