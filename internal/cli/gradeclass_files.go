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
// "forkroom 05 multitask". Canvas reads a title that ends in a space and
// "(digits)" as the id of an existing assignment (Assignment.title_and_id,
// /\A(.*)\s\((\d+)\)\z/, in canvas-lms app/models/assignment.rb), and drops
// a column whose title contains "Current Score", "Final Grade" or another of
// its total columns (NON_ASSIGNMENT_COLUMN_HEADERS in lib/gradebook_importer.rb);
// TestLMSColumn checks that no lesson's column does either.
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

// canvasCSVBytes is canvas.csv, for Canvas's Grades > Import. Its form
// follows Canvas's own importer, read in instructure/canvas-lms on GitHub
// (the page "How do I import grades in the Gradebook?" of the Canvas
// Instructor Guide, https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807,
// could not be read here):
//
//   - The header is "Student, ID, SIS User ID, SIS Login ID, Section", then
//     one column per lesson. lib/gradebook_importer.rb accepts a
//     header whose first cell contains "Student" and second "ID"
//     (row_has_student_headers?) and whose last student column contains
//     "Section" (header?); update_column_count counts "SIS User ID" only when
//     "SIS Login ID" follows it, and skips an "Integration ID" or "Root
//     Account" after them.
//   - A second row whose first cell contains "Points Possible" (process_pp;
//     check_for_non_student_row looks at every row, so it may come anywhere)
//     gives each new assignment its points.
//   - Canvas finds a row's student by the ID column (Canvas's own user id,
//     empty here: the roster does not know it), then the SIS User ID (the
//     roster's id), then the SIS Login ID (the roster's login), then the name
//     or the "Last, First" name (process_student; the spec
//     spec/lib/gradebook_importer_spec.rb, "Lookups with either Student
//     Name, ID, SIS User ID, or SIS Login ID"). A row it cannot match, and a
//     column that is not an assignment of the course (matched by exact title,
//     parse_assignments), wait on the upload page for the teacher to match
//     them, ignore them or, for a column, make it a new assignment
//     (handleThingsNeedingToBeResolved in
//     ui/features/gradebook_uploads/jquery/index.js); a new assignment is
//     created published with the points of the Points Possible row
//     (createIndividualAssignment in
//     ui/features/gradebook_uploads/jquery/process_gradebook_upload.js).
//   - A blank cell where Canvas has a grade is sent as an empty grade, which
//     removes it (populateGradeDataPerSubmission in process_gradebook_upload.js;
//     index.js highlights it as updateWillRemoveGrade): see [exportable].
//   - Fields are separated by commas (csv_stream and identify_delimiter also
//     take semicolons), in UTF-8 with no byte-order mark and "\n" line ends,
//     which Ruby's CSV reads as they are.
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

// A moodleKey is a column of moodle.csv that names the student by one of the
// user fields Moodle's CSV import can match on.
type moodleKey struct {
	header string // the column's name: Moodle's name for the field
	value  func(gradebook.Student) string
}

// moodleKeys are the user fields moodle.csv may carry, the one preferred on a
// tie first: Moodle's "ID number" (the roster's id) and "Email address".
var moodleKeys = []moodleKey{
	{"ID number", func(s gradebook.Student) string { return s.StudentID }},
	{"Email address", func(s gradebook.Student) string { return s.Email }},
}

// moodleCan reports whether Moodle can find a user by v. Its importer skips a
// user cell that PHP's empty() calls empty, "" and "0", and then gives the
// row's grades to the user of the row before (map_user_data_with_value in
// grade/import/csv/classes/load_data.php: "Skip invalid row with blank user
// field", and studentid is set once per import, not per row).
func moodleCan(v string) bool { return v != "" && v != "0" }

// moodleRows chooses what moodle.csv holds: the exportable rows that have the
// user field most of them have (the ID number on a tie); the user columns,
// that field's first and then any other that every one of those rows fills
// in; and the folders of the exportable rows left out for lack of that field.
// Whichever user column the teacher maps, no row of the file has it blank.
func moodleRows(book *gradebook.Book) (rows []gradebook.Student, keys []moodleKey, left []string) {
	var all []gradebook.Student
	for _, s := range book.Students {
		if exportable(s) {
			all = append(all, s)
		}
	}
	have := func(rows []gradebook.Student, k moodleKey) int {
		n := 0
		for _, s := range rows {
			if moodleCan(k.value(s)) {
				n++
			}
		}
		return n
	}
	best := 0
	for i, k := range moodleKeys {
		if have(all, k) > have(all, moodleKeys[best]) {
			best = i
		}
	}
	for _, s := range all {
		if moodleCan(moodleKeys[best].value(s)) {
			rows = append(rows, s)
		} else {
			left = append(left, s.Folder)
		}
	}
	keys = []moodleKey{moodleKeys[best]}
	for i, k := range moodleKeys {
		if i != best && len(rows) > 0 && have(rows, k) == len(rows) {
			keys = append(keys, k)
		}
	}
	return rows, keys, left
}

// moodleCSVBytes is moodle.csv, for Moodle's Grades > Import > CSV file. Its
// form follows the importer in moodle/moodle on GitHub and MoodleDocs "Grade
// import" (https://docs.moodle.org/311/en/Grade_import):
//
//   - A header row, then one row per student; every row has as many fields as
//     the header, or the file is refused (csv_import_reader in
//     lib/csvlib.class.php: "csvweirdcolumns"). The form asks for the
//     encoding (converted to UTF-8; a byte-order mark is dropped) and the
//     separator (comma, semicolon, colon or tab); "\r\n" and "\r" become "\n"
//     (load_csv_content). This file is UTF-8, comma-separated.
//   - The teacher maps one column ("Map from") to one user field ("Map to":
//     user id, username, ID number or email address; grade_import_mapping_form
//     in grade/import/grade_import_form.php, map_user_data_with_value in
//     grade/import/csv/classes/load_data.php). The user columns come first
//     (Map from starts on the first column, MoodleDocs): "ID number" and
//     "Email address", only those that every row fills in ([moodleRows]). The
//     names that follow are for the teacher to read; Moodle needs no name.
//   - Each other column maps to an existing grade item, to "New grade item",
//     or is ignored. A new grade item is a manual item named after the
//     column (import_new_grade_item in load_data.php, grade_import_commit in
//     grade/import/lib.php) with the default maximum of 100
//     (grade_item::$grademax in lib/grade/grade_item.php); a grade above 100
//     stops the import unless the site allows more (insert_grade_record,
//     "gradevaluetoobig").
//   - A value Moodle cannot find in its user table stops the whole import
//     (check_user_exists: "usermappingerror"; prepare_import_grade_data: "User
//     not found, abort whole import"). An empty cell, or "-", of an existing
//     grade item is imported as no grade (update_grade_item), so the row needs
//     every lesson graded: see [exportable].
func moodleCSVBytes(book *gradebook.Book, ro *roster) []byte {
	rows, keys, _ := moodleRows(book)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	var header []string
	for _, k := range keys {
		header = append(header, k.header)
	}
	header = append(header, "First name", "Last name")
	for _, l := range book.Lessons {
		header = append(header, lmsColumn(l))
	}
	_ = w.Write(header)
	for _, s := range rows {
		var row []string
		for _, k := range keys {
			row = append(row, k.value(s))
		}
		first, last := s.Name, ""
		if e := ro.byFolder[s.Folder]; e != nil {
			first, last = e.firstLast()
		}
		row = append(row, first, last)
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
