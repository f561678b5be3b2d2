package similar

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"forkroom/internal/course"
)

// Workbook is one student's copy of the workbook.
type Workbook struct {
	// Name is the student as reports show them (the folder's name, or the
	// roster's name).
	Name string
	// Dir is the copy's root folder (where go.mod and lessons/ are).
	Dir string
}

// ClassOptions say what Class compares.
type ClassOptions struct {
	Options
	// Base, when set, is a copy of the workbook as it was handed out; its
	// lessons/ are the stubs. Empty means the pristine stubs this checker
	// carries (the ones `checker reset` restores).
	Base string
	// Reference, when set, is a copy of the workbook whose solutions/ are
	// compared too, as a submission named [ReferenceName]: a student who
	// copied the reference solution pairs with it.
	Reference string
}

// ReferenceName names the reference solution among the submissions.
const ReferenceName = "solutions/"

// What is read of one submission's lesson is bounded: a submission is
// hostile input, and the largest exercise is a few kilobytes in one or two
// files.
const (
	maxLessonBytes = 512 << 10 // all its Go files together
	maxLessonFiles = 100
)

// LessonResult is the comparison of one lesson's submissions.
type LessonResult struct {
	// Lesson is the lesson's ID ("08").
	Lesson string `json:"lesson"`
	// Dir is its folder ("08-wait").
	Dir string `json:"dir"`
	// Stub says where the excluded stub came from: "pristine" or a path.
	Stub string `json:"stub"`
	Result
}

// Class compares the code of every lesson across the workbooks. A workbook
// without the lesson's folder counts as an empty submission.
func Class(wbs []Workbook, lessons []course.Lesson, opt ClassOptions) ([]LessonResult, error) {
	var out []LessonResult
	for _, l := range lessons {
		var subs []Submission
		for _, wb := range wbs {
			files, err := ReadLesson(wb.Dir, l)
			if err != nil {
				return nil, err
			}
			subs = append(subs, Submission{Name: wb.Name, Files: files})
		}
		r, err := CompareLesson(l, subs, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ReadLesson reads the Go files of lesson l in the workbook at root. A
// class run that grades a checkout and removes it afterwards reads each
// student's files with it before the removal, and compares them at the end
// with CompareLesson.
func ReadLesson(root string, l course.Lesson) ([]File, error) {
	return ReadDir(l.Path(root, course.Student))
}

// CompareLesson compares the submissions of lesson l, its stub left out
// (and, with opt.Reference, the reference solution compared too).
func CompareLesson(l course.Lesson, subs []Submission, opt ClassOptions) (LessonResult, error) {
	stub, from, err := stubFiles(l, opt.Base)
	if err != nil {
		return LessonResult{}, err
	}
	if opt.Reference != "" {
		files, err := ReadDir(l.Path(opt.Reference, course.Solution))
		if err != nil {
			return LessonResult{}, err
		}
		if len(files) > 0 {
			subs = append(subs[:len(subs):len(subs)], Submission{Name: ReferenceName, Files: files})
		}
	}
	return LessonResult{Lesson: l.ID(), Dir: l.Dir(), Stub: from, Result: Compare(stub, subs, opt.Options)}, nil
}

// stubFiles returns the Go files of lesson l as handed out, and where they
// came from.
func stubFiles(l course.Lesson, base string) ([]File, string, error) {
	if base != "" {
		dir := l.Path(base, course.Student)
		files, err := ReadDir(dir)
		return files, dir, err
	}
	pristine, err := course.Pristine(l)
	if err != nil {
		return nil, "", fmt.Errorf("comparing lesson %s: %w", l.ID(), err)
	}
	var files []File
	for name, src := range pristine {
		if strings.HasSuffix(name, ".go") {
			files = append(files, File{Name: name, Src: src})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, "pristine", nil
}

// ReadDir reads the Go files below dir, in name order, with their slash
// paths relative to dir. Only regular files are read (a symbolic link is
// not followed out of the submission), at most 100 of them and 512 KiB in
// all; the rest is left out. A missing folder has no files.
func ReadDir(dir string) ([]File, error) {
	var files []File
	budget := maxLessonBytes
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipAll
			}
			return err
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		if len(files) == maxLessonFiles || budget == 0 {
			return fs.SkipAll
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		src, err := io.ReadAll(io.LimitReader(f, int64(budget)))
		if err != nil {
			return err
		}
		budget -= len(src)
		rel, _ := filepath.Rel(dir, p)
		files = append(files, File{Name: filepath.ToSlash(rel), Src: src})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	return files, nil
}
