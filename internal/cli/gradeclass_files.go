package cli

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"forkroom/internal/gradebook"
)

// The files a class run writes into --out.
const (
	gradesJSON = "grades.json"
	gradesCSV  = "grades.csv"
	canvasCSV  = "canvas.csv" // with --roster
	moodleCSV  = "moodle.csv" // with --roster
)

// writeBook writes every result file of the book into d: grades.json first
// (what --resume reads), then grades.csv, then the LMS exports when there is
// a roster.
func writeBook(d *outDir, book *gradebook.Book, ro *roster) error {
	book.Updated = time.Now().UTC().Truncate(time.Second)
	data, err := book.Marshal()
	if err != nil {
		return err
	}
	if err := d.write(gradesJSON, data); err != nil {
		return err
	}
	if err := d.write(gradesCSV, gradesCSVBytes(book)); err != nil {
		return err
	}
	if ro != nil {
		if err := d.write(canvasCSV, canvasCSVBytes(book, ro)); err != nil {
			return err
		}
		if err := d.write(moodleCSV, moodleCSVBytes(book, ro)); err != nil {
			return err
		}
	}
	return nil
}

// gradesCSVBytes is grades.csv: one row per student; per lesson its points,
// maximum and status; the total, maximum and percentage; the row's status,
// the commit graded with --before and the lateness; and a message.
func gradesCSVBytes(book *gradebook.Book) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"folder", "student_id", "name", "email"}
	for _, l := range book.Lessons {
		header = append(header, l.ID, l.ID+" max", l.ID+" status")
	}
	header = append(header, "total", "max", "percent", "status", "commit", "late_commits", "last_commit", "message")
	_ = w.Write(header)
	for _, s := range book.Students {
		row := []string{cellText(s.Folder), cellText(s.StudentID), cellText(s.Name), cellText(s.Email)}
		counted := s.Status == gradebook.Graded || s.Status == gradebook.Failed
		for _, bl := range book.Lessons {
			lr := s.Lesson(bl.ID)
			switch {
			case lr == nil:
				row = append(row, "", strconv.Itoa(bl.MaxPoints), string(gradebook.NotGraded))
			case !counted:
				row = append(row, "", strconv.Itoa(lr.MaxPoints), string(lr.Status))
			default:
				row = append(row, strconv.Itoa(lr.Points), strconv.Itoa(lr.MaxPoints), string(lr.Status))
			}
		}
		if counted {
			row = append(row, strconv.Itoa(s.Points), strconv.Itoa(s.MaxPoints), strconv.FormatFloat(s.Percent, 'f', 1, 64))
		} else {
			row = append(row, "", strconv.Itoa(s.MaxPoints), "")
		}
		row = append(row, string(s.Status))
		if s.Late != nil {
			last := ""
			if s.Late.LastCommitTime != nil {
				last = s.Late.LastCommitTime.Format(time.RFC3339)
			}
			row = append(row, s.Late.Commit, strconv.Itoa(s.Late.LateCommits), last)
		} else {
			row = append(row, "", "", "")
		}
		row = append(row, cellText(oneLine(s.Message)))
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// cellText keeps a spreadsheet from reading a text cell as a formula (a
// message or name that starts with = + - @ or a tab), as OWASP's CSV
// injection advice says: such a cell starts with an apostrophe.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// lmsColumn names a lesson's column in the LMS exports, which becomes the
// name of a new assignment (Canvas) or grade item (Moodle) on import:
// "forkroom 05 multitask". It must not end in "(digits)", which Canvas reads
// as the id of an existing assignment.
func lmsColumn(l gradebook.Lesson) string {
	if l.Num == 0 {
		return "forkroom " + l.Slug
	}
	return "forkroom " + l.ID + " " + l.Slug
}

// exportable reports whether a row goes into the LMS exports: a graded row
// of a student in the roster, with no lesson that could not be graded. A
// blank grade clears the grade already in Canvas and in Moodle, so a row that
// needs grading again is left out rather than written with blanks.
func exportable(s gradebook.Student) bool {
	return s.Status == gradebook.Graded && !rowHasError(s) && (s.StudentID != "" || s.Email != "" || s.Name != "")
}

// canvasCSVBytes is Canvas's gradebook import CSV, in the form Canvas's own
// importer reads (canvas-lms app/models/gradebook_importer.rb,
// instructure/canvas-lms on GitHub; the Instructor Guide "How do I import
// grades in the Gradebook?"): a header "Student, ID, SIS User ID, SIS Login
// ID, Section" then one column per assignment; a second row whose first cell
// is "Points Possible" gives each new assignment its points. A student is
// matched by the Canvas ID (empty here: the roster does not know it), then
// the SIS User ID (the roster's id), then the SIS Login ID (the roster's
// login), then by name. A column whose name is not an existing assignment
// creates one.
func canvasCSVBytes(book *gradebook.Book, ro *roster) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section"}
	possible := []string{"Points Possible", "", "", "", ""}
	for _, l := range book.Lessons {
		header = append(header, lmsColumn(l))
		possible = append(possible, strconv.Itoa(l.MaxPoints))
	}
	_ = w.Write(header)
	_ = w.Write(possible)
	for _, s := range book.Students {
		if !exportable(s) {
			continue
		}
		var login, section string
		if e := ro.byFolder[s.Folder]; e != nil {
			login, section = e.Login, e.Section
		}
		row := []string{s.Name, "", s.StudentID, login, section}
		for _, l := range book.Lessons {
			row = append(row, lessonPoints(s, l.ID))
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// moodleCSVBytes is a CSV for Moodle's grade import (Grades > Import > CSV
// file; MoodleDocs "Grade import", and grade/import/csv/classes/load_data.php
// in moodle/moodle): a header row, one row per student, one column per grade
// item. At import the teacher maps "Email address" (or "ID number") to the
// user field of the same name and each lesson column to a grade item or "New
// grade item". Moodle aborts the whole import on a row whose user it cannot
// find, and a blank cell clears a grade, so only students with an email or
// an ID number and every lesson graded are written.
func moodleCSVBytes(book *gradebook.Book, ro *roster) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"First name", "Last name", "ID number", "Email address"}
	for _, l := range book.Lessons {
		header = append(header, lmsColumn(l))
	}
	_ = w.Write(header)
	for _, s := range book.Students {
		if !exportable(s) || (s.Email == "" && s.StudentID == "") {
			continue
		}
		first, last := s.Name, ""
		if e := ro.byFolder[s.Folder]; e != nil {
			first, last = e.firstLast()
		}
		row := []string{first, last, s.StudentID, s.Email}
		for _, l := range book.Lessons {
			row = append(row, lessonPoints(s, l.ID))
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

func lessonPoints(s gradebook.Student, id string) string {
	if lr := s.Lesson(id); lr != nil {
		return strconv.Itoa(lr.Points)
	}
	return "0"
}
