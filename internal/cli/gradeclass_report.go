package cli

import (
	"bytes"
	"fmt"
	"path/filepath"

	"forkroom/internal/classreport"
	"forkroom/internal/gradebook"
	"forkroom/internal/similar"
)

// reportHTML is the class report a class run writes into --out.
const reportHTML = "report.html"

// keepCode reads the code of a student's lessons as it was graded (the
// checkout, with --before), for the similarity report at the end of the run.
// It is called with cr.mu held, before the checkout is removed.
func (cr *classRun) keepCode(folder, root string) {
	if cr.code == nil {
		cr.code = make([][]similar.Submission, len(cr.lessons))
	}
	for li, l := range cr.lessons {
		files, err := similar.ReadLesson(root, l)
		if err != nil {
			files = nil // an unreadable lesson has nothing to compare
		}
		cr.code[li] = append(cr.code[li], similar.Submission{Name: folder, Files: files})
	}
}

// writeReport compares the students' code lesson by lesson, prints the
// suspicious pairs (unless the table went out as JSON), and writes
// report.html. Students kept from an earlier run (--resume) are compared as
// their folders are now.
func (cr *classRun) writeReport(book *gradebook.Book, summary bool) error {
	kept := map[string]bool{}
	if len(cr.code) > 0 {
		for _, s := range cr.code[0] {
			kept[s.Name] = true
		}
	}
	for _, s := range book.Students {
		if s.Status == gradebook.Graded && !kept[s.Folder] && s.Dir != "" {
			cr.keepCode(s.Folder, s.Dir)
		}
	}
	var sim []similar.LessonResult
	for li, l := range cr.lessons {
		var subs []similar.Submission
		if cr.code != nil {
			subs = cr.code[li]
		}
		r, err := similar.CompareLesson(l, subs, similar.ClassOptions{})
		if err != nil {
			return err
		}
		sim = append(sim, r)
	}
	if summary {
		cr.a.printSimilar(cr.a.env.Stdout, cr.lessons, sim, false)
	}
	var buf bytes.Buffer
	if err := classreport.Write(&buf, classreport.FromGradebook(book, sim, cr.a.lang), cr.a.lang); err != nil {
		return err
	}
	if err := cr.out.write(reportHTML, buf.Bytes()); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(cr.out.path, reportHTML), err)
	}
	return nil
}
