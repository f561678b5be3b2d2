package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Files grades lesson 01: `files DIR NAME...` lists DIR, answers whether each
// NAME exists in DIR, and removes DIR's empty regular files.
func Files() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "lists-entries", Title: "lists every entry of the folder, each as file or dir", Points: 2,
			Hint: "Loop over os.ReadDir(dir); for each entry print \"dir NAME\" when entry.IsDir(), otherwise \"file NAME SIZE\".",
			Run:  checkFilesListing,
		},
		{
			ID: "sizes", Title: "reports the size in bytes of every regular file", Points: 2,
			Hint: "entry.Info() returns an fs.FileInfo; its Size() is the length in bytes (os.path.getsize in Python).",
			Run:  checkFilesSizes,
		},
		{
			ID: "exists", Title: "tells which names exist in the folder and which do not", Points: 2,
			Hint: "os.Stat(filepath.Join(dir, name)) fails with an error that errors.Is(err, fs.ErrNotExist) when nothing is there.",
			Run:  checkFilesExists,
		},
		{
			ID: "removes-empty", Title: "removes the empty regular files, and nothing else", Points: 2,
			Hint: "Remove only entries whose Mode().IsRegular() is true and whose Size() is 0; print \"removed NAME\" for each.",
			Run:  checkFilesRemoval,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"lists every entry of the folder, each as file or dir":                                                             "列出目录里的每一项，标明是文件（file）还是目录（dir）",
		"Loop over os.ReadDir(dir); for each entry print \"dir NAME\" when entry.IsDir(), otherwise \"file NAME SIZE\".":   "遍历 os.ReadDir(dir) 的结果：entry.IsDir() 为真就打印 `dir 名字`，否则打印 `file 名字 大小`。",
		"reports the size in bytes of every regular file":                                                                  "给出每个普通文件的大小（字节数）",
		"entry.Info() returns an fs.FileInfo; its Size() is the length in bytes (os.path.getsize in Python).":              "entry.Info() 返回 fs.FileInfo，它的 Size() 就是字节数（即 Python 的 os.path.getsize）。",
		"tells which names exist in the folder and which do not":                                                           "回答每个名字在目录里存在与否",
		"os.Stat(filepath.Join(dir, name)) fails with an error that errors.Is(err, fs.ErrNotExist) when nothing is there.": "路径不存在时，os.Stat(filepath.Join(dir, name)) 返回的错误满足 errors.Is(err, fs.ErrNotExist)。",
		"removes the empty regular files, and nothing else":                                                                "删除空的普通文件，别的一概不动",
		"Remove only entries whose Mode().IsRegular() is true and whose Size() is 0; print \"removed NAME\" for each.":     "只删除 Mode().IsRegular() 为真且 Size() 为 0 的项，每删一个打印一行 `removed 名字`。",
		"the folder has %d entries; your program listed none of them (no line like %q)":                                    "目录里有 %d 项，你的程序一项也没有列出（没有 %q 这样的行）",
		"%s is missing from the listing":                                                                                   "列出的结果里没有 %s",
		"%s is listed as %q, want %q":                                                                                      "%s 被列为 %q，应为 %q",
		"%s is listed %d times, want once":                                                                                 "%s 被列了 %d 次，应该只列一次",
		"%s is listed but is not in the folder":                                                                            "列出了 %s，但目录里没有它",
		"the folder as the checker made it":                                                                                "检查器生成的目录",
		"(%d bytes)":                                                                                                       "（%d 字节）",
		"(0 bytes, inside a sub-folder)":                                                                                   "（0 字节，在子目录里）",
		"(a symbolic link)":                                                                                                "（符号链接）",
		"(a named pipe)":                                                                                                   "（命名管道）",
		"file %s: size %s, want %d":                                                                                        "文件 %s：大小为 %s，应为 %d",
		"(no line)":                                                                                                        "（没有这一行）",
		"(none)":                                                                                                           "（空）",
		"no answer for %q: want a line %q":                                                                                 "没有回答 %q：应有一行 %q",
		"for %q you answered %q, want %q":                                                                                  "对 %q 你回答了 %q，应为 %q",
		"the empty file %s is still there":                                                                                 "空文件 %s 还在",
		"%s was removed, but it is not an empty regular file":                                                              "%s 被删掉了，可它不是空的普通文件",
		"%s was removed, but your program did not print %q":                                                                "%s 删掉了，但你的程序没有打印 %q",
		"your program printed %q, but %s is still there":                                                                   "你的程序打印了 %q，但 %s 还在",
		"the file in the sub-folder %s was removed: only the folder itself should be looked at, not its sub-folders": "子目录里的文件 %s 被删掉了：只处理目录本身这一层，不要进入子目录",
		"the checker could not look at the folder afterwards: %v":                                                    "检查器事后无法查看目录：%v",
	})
}

// filesEntry is one entry of the folder the checker makes.
type filesEntry struct {
	name  string
	dir   bool
	size  int
	empty bool // an empty regular file: the program must remove it
	// link is the target of a symbolic link (to an empty file, which a
	// program that follows links takes for an empty regular file); its
	// size may be reported as the link's own (os.Lstat, e.Info()) or the
	// target's (os.Stat, Python's getsize).
	link string
	// fifo marks a named pipe: size 0, and not a regular file.
	fifo bool
}

// filesRun is one run of the program over a generated folder.
type filesRun struct {
	dir     string
	entries []filesEntry
	queries map[string]bool // name asked about → whether it exists
	nested  string          // an empty file inside a sub-folder, which must stay
	arg     string          // the folder as named on the command line
	lines   []string
	layout  i18n.Localizer // the folder as made, for failure messages
}

var filesWords = []string{"notes", "photo", "report", "data", "draft", "todo", "music", "backup", "thesis", "log", "笔记", "照片"}
var filesExts = []string{".txt", ".jpg", ".md", ".bin", ".csv", ".tmp", ""}

// runFiles makes a folder with random names and sizes, runs the program once
// over it and records its output; every lesson-01 check grades that run.
//
// The folder holds the edge cases the lesson teaches, each drawn afresh:
// empty and non-empty files whose names give nothing away (some of each end
// in .tmp), an empty sub-folder, a sub-folder holding an empty file (which
// must stay), and on Unix a named pipe (size 0, not a regular file) and a
// symbolic link to an empty file (not a regular file either, unless one
// follows it). The questions include a path inside a sub-folder, which
// only os.Stat answers right. The folder is named on the command line by a
// relative path, as a user would type it.
func runFiles(t *grade.T) (*filesRun, error) {
	return grade.Once(t, "files", func(t *grade.T) (*filesRun, error) {
		used := map[string]bool{}
		name := func(ext string) string {
			for {
				n := fmt.Sprintf("%s-%04x%s", filesWords[t.Rand.Intn(len(filesWords))], t.Rand.Intn(0x10000), ext)
				if !used[n] {
					used[n] = true
					return n
				}
			}
		}
		ext := func() string { return filesExts[t.Rand.Intn(len(filesExts))] }
		r := &filesRun{arg: name(""), queries: map[string]bool{}}
		r.dir = filepath.Join(t.TempDir(), r.arg)
		if err := os.Mkdir(r.dir, 0o755); err != nil {
			return nil, err
		}
		// Files with content; one of them ends in .tmp, like some empty
		// ones, so that no name tells which files are empty.
		for i := 0; i < 3+t.Rand.Intn(3); i++ {
			e := ext()
			if i == 0 {
				e = ".tmp"
			}
			r.entries = append(r.entries, filesEntry{name: name(e), size: 1 + t.Rand.Intn(5000)})
		}
		var empties []string
		for i := 0; i < 2+t.Rand.Intn(2); i++ {
			e := ext()
			if i == 0 && e == ".tmp" {
				e = ".txt"
			}
			n := name(e)
			empties = append(empties, n)
			r.entries = append(r.entries, filesEntry{name: n, empty: true})
		}
		r.entries = append(r.entries, filesEntry{name: name(""), dir: true}, filesEntry{name: name(""), dir: true})
		for _, e := range r.entries {
			p := filepath.Join(r.dir, e.name)
			var err error
			if e.dir {
				err = os.Mkdir(p, 0o755)
			} else {
				err = os.WriteFile(p, []byte(strings.Repeat("x", e.size)), 0o644)
			}
			if err != nil {
				return nil, err
			}
		}
		// The second folder holds an empty file, which must survive: the
		// exercise looks at the folder itself, not below it. The first
		// stays empty: a folder is never removed.
		sub := r.entries[len(r.entries)-1].name
		r.nested = filepath.Join(sub, "empty.txt")
		if err := os.WriteFile(filepath.Join(r.dir, r.nested), nil, 0o644); err != nil {
			return nil, err
		}
		// A named pipe and a link to an empty file, where the system has
		// them.
		if fifo := name(""); filesMkfifo(filepath.Join(r.dir, fifo)) == nil {
			r.entries = append(r.entries, filesEntry{name: fifo, fifo: true})
		}
		target := empties[t.Rand.Intn(len(empties))]
		if link := name(ext()); os.Symlink(target, filepath.Join(r.dir, link)) == nil {
			r.entries = append(r.entries, filesEntry{name: link, link: target, size: len(target)})
		}
		sort.Slice(r.entries, func(i, j int) bool { return r.entries[i].name < r.entries[j].name })

		// Ask about three entries, the file in a sub-folder, and three
		// names that are not there.
		perm := t.Rand.Perm(len(r.entries))
		args := []string{r.arg}
		for _, i := range perm[:3] {
			r.queries[r.entries[i].name] = true
			args = append(args, r.entries[i].name)
		}
		nested := filepath.ToSlash(r.nested)
		r.queries[nested] = true
		args = append(args, nested)
		for i := 0; i < 3; i++ {
			n := name(ext())
			r.queries[n] = false
			args = append(args, n)
		}
		t.Rand.Shuffle(len(args)-1, func(i, j int) { args[i+1], args[j+1] = args[j+1], args[i+1] })
		r.layout = localized(r.describe)

		p, err := t.Start(args...)
		if err != nil {
			return nil, err
		}
		if _, err := p.Wait(); err != nil {
			return nil, err
		}
		r.lines = p.Stdout()
		return r, nil
	})
}

// describe draws the folder as the checker made it, in l.
func (r *filesRun) describe(l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/\n", r.arg)
	for _, e := range r.entries {
		switch {
		case e.dir:
			fmt.Fprintf(&b, "  %s/\n", e.name)
		case e.link != "":
			fmt.Fprintf(&b, "  %s -> %s  %s\n", e.name, e.link, i18n.M("(a symbolic link)").In(l))
		case e.fifo:
			fmt.Fprintf(&b, "  %s  %s\n", e.name, i18n.M("(a named pipe)").In(l))
		default:
			fmt.Fprintf(&b, "  %s  %s\n", e.name, i18n.M("(%d bytes)", e.size).In(l))
		}
	}
	fmt.Fprintf(&b, "  %s  %s", r.nested, i18n.M("(0 bytes, inside a sub-folder)").In(l))
	return b.String()
}

// example is the line the program should print for e.
func (e filesEntry) example() string {
	if e.dir {
		return "dir " + e.name
	}
	return fmt.Sprintf("file %s %d", e.name, e.size)
}

var (
	filesListRe   = regexp.MustCompile(`^(file|dir)\s+(\S+)(?:\s+(\S+))?\s*$`)
	filesExistsRe = regexp.MustCompile(`^exists\s+(\S+)\s+(\S+)\s*$`)
	filesRemoveRe = regexp.MustCompile(`^removed\s+(\S+)\s*$`)
)

// listed collects the "file"/"dir" lines: name → kinds seen and size fields.
func (r *filesRun) listed() (kinds map[string][]string, sizes map[string]string) {
	kinds, sizes = map[string][]string{}, map[string]string{}
	for _, l := range r.lines {
		if m := filesListRe.FindStringSubmatch(l); m != nil {
			kinds[m[2]] = append(kinds[m[2]], m[1])
			sizes[m[2]] = m[3]
		}
	}
	return kinds, sizes
}

func (r *filesRun) fail(t *grade.T, err error) error {
	t.Attach(i18n.M("the folder as the checker made it"), r.layout)
	return err
}

func checkFilesListing(t *grade.T) error {
	r, err := runFiles(t)
	if err != nil {
		return err
	}
	kinds, _ := r.listed()
	if len(kinds) == 0 {
		return r.fail(t, grade.Errorf("the folder has %d entries; your program listed none of them (no line like %q)", len(r.entries), r.entries[0].example()))
	}
	present := map[string]bool{}
	for _, e := range r.entries {
		present[e.name] = true
		want := "file"
		if e.dir {
			want = "dir"
		}
		got := kinds[e.name]
		switch {
		case len(got) == 0:
			return r.fail(t, grade.Errorf("%s is missing from the listing", e.name))
		case len(got) > 1:
			return r.fail(t, grade.Errorf("%s is listed %d times, want once", e.name, len(got)))
		case got[0] != want:
			return r.fail(t, grade.Errorf("%s is listed as %q, want %q", e.name, got[0], want))
		}
	}
	for n := range kinds {
		if !present[n] {
			return r.fail(t, grade.Errorf("%s is listed but is not in the folder", n))
		}
	}
	return nil
}

func checkFilesSizes(t *grade.T) error {
	r, err := runFiles(t)
	if err != nil {
		return err
	}
	_, sizes := r.listed()
	for _, e := range r.entries {
		if e.dir {
			continue
		}
		got, ok := sizes[e.name]
		n, err := strconv.Atoi(got)
		if err == nil && e.link != "" && n == 0 {
			continue // the target's size: the link was followed, as Python's getsize does
		}
		if err != nil || n != e.size {
			var shown any = got
			switch {
			case !ok:
				shown = i18n.M("(no line)")
			case got == "":
				shown = i18n.M("(none)")
			}
			return r.fail(t, grade.Errorf("file %s: size %s, want %d", e.name, shown, e.size))
		}
	}
	return nil
}

func checkFilesExists(t *grade.T) error {
	r, err := runFiles(t)
	if err != nil {
		return err
	}
	answers := map[string]string{}
	for _, l := range r.lines {
		if m := filesExistsRe.FindStringSubmatch(l); m != nil {
			answers[m[1]] = m[2]
		}
	}
	names := make([]string, 0, len(r.queries))
	for n := range r.queries {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		want := "no"
		if r.queries[n] {
			want = "yes"
		}
		got, ok := answers[n]
		if !ok {
			return r.fail(t, grade.Errorf("no answer for %q: want a line %q", n, "exists "+n+" "+want))
		}
		if got != want {
			return r.fail(t, grade.Errorf("for %q you answered %q, want %q", n, got, want))
		}
	}
	return nil
}

func checkFilesRemoval(t *grade.T) error {
	r, err := runFiles(t)
	if err != nil {
		return err
	}
	printed := map[string]bool{}
	for _, l := range r.lines {
		if m := filesRemoveRe.FindStringSubmatch(l); m != nil {
			printed[m[1]] = true
		}
	}
	for _, e := range r.entries {
		_, statErr := os.Lstat(filepath.Join(r.dir, e.name)) // the link itself, not what it points to
		gone := errors.Is(statErr, fs.ErrNotExist)
		if statErr != nil && !gone {
			return grade.Errorf("the checker could not look at the folder afterwards: %v", statErr.Error())
		}
		switch {
		case e.empty && !gone && printed[e.name]:
			return r.fail(t, grade.Errorf("your program printed %q, but %s is still there", "removed "+e.name, e.name))
		case e.empty && !gone:
			return r.fail(t, grade.Errorf("the empty file %s is still there", e.name))
		case !e.empty && gone:
			return r.fail(t, grade.Errorf("%s was removed, but it is not an empty regular file", e.name))
		case e.empty && !printed[e.name]:
			return r.fail(t, grade.Errorf("%s was removed, but your program did not print %q", e.name, "removed "+e.name))
		}
	}
	if _, err := os.Stat(filepath.Join(r.dir, r.nested)); errors.Is(err, fs.ErrNotExist) {
		return r.fail(t, grade.Errorf("the file in the sub-folder %s was removed: only the folder itself should be looked at, not its sub-folders", r.nested))
	}
	return nil
}
