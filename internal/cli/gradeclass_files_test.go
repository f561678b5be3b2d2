package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
)

// sampleBook is a class of three lessons' worth of rows, one of each kind
// the exports must handle.
func sampleBook(t *testing.T) (*gradebook.Book, *roster) {
	t.Helper()
	ro, err := parseRoster("roster.csv", strings.NewReader(
		"Folder,Student ID,Name,Email,Section,Login\n"+
			"alice,S001,Alice Martin,alice@school.example,A,amartin\n"+
			"bob,S002,王小明,bob@school.example,B,\n"+
			"carol,S003,Carol Diaz,,A,\n"+
			"dan,S004,Dan Wu,dan@school.example,A,\n"))
	require.NoError(t, err)
	lessons := []gradebook.Lesson{{ID: "01", Num: 1, Slug: "files", MaxPoints: 8}, {ID: "05", Num: 5, Slug: "multitask", MaxPoints: 18}}
	mk := func(folder string, st gradebook.StudentStatus, a, b gradebook.LessonResult) gradebook.Student {
		s := gradebook.Student{Folder: folder, Dir: "/class/" + folder, Status: st, Lessons: []gradebook.LessonResult{a, b}}
		total(&s)
		return s
	}
	lr := func(id string, st gradebook.Status, pts, max int) gradebook.LessonResult {
		return gradebook.LessonResult{Lesson: id, Status: st, Points: pts, MaxPoints: max}
	}
	book := &gradebook.Book{Version: gradebook.Version, Lessons: lessons, Students: []gradebook.Student{
		mk("alice", gradebook.Graded, lr("01", gradebook.Pass, 8, 8), lr("05", gradebook.Partial, 12, 18)),
		mk("bob", gradebook.Graded, lr("01", gradebook.CompileError, 0, 8), lr("05", gradebook.Timeout, 6, 18)),
		mk("carol", gradebook.Graded, lr("01", gradebook.Error, 0, 8), lr("05", gradebook.Pass, 18, 18)),
		mk("=cmd|' /C calc'!A0", gradebook.Graded, lr("01", gradebook.Pass, 8, 8), lr("05", gradebook.Pass, 18, 18)),
	}}
	(&app{env: Env{Stderr: &bytes.Buffer{}}}).joinRoster(book, ro)
	return book, ro
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	require.NoError(t, err)
	return records
}

func TestGradebookFiles(t *testing.T) {
	book, ro := sampleBook(t)

	t.Run("the roster joins rows by folder and reports both kinds of mismatch", func(t *testing.T) {
		require.NotNil(t, book.Roster)
		assert.Equal(t, []string{"=cmd|' /C calc'!A0"}, book.Roster.Unknown)
		assert.Equal(t, []string{"dan"}, book.Roster.Missing)
		a := row(t, book, "alice")
		assert.Equal(t, "S001", a.StudentID)
		assert.Equal(t, "Alice Martin", a.Name)
		assert.Equal(t, "alice@school.example", a.Email)
		d := row(t, book, "dan")
		assert.Equal(t, gradebook.Missing, d.Status, "a student of the roster with no submission gets a row")
	})

	t.Run("grades.csv: per lesson points, maximum and status; formulas defused", func(t *testing.T) {
		rec := readCSV(t, gradesCSVBytes(book))
		assert.Equal(t, []string{"folder", "student_id", "name", "email", "01", "01 max", "01 status", "05", "05 max", "05 status",
			"total", "max", "percent", "status", "commit", "late_commits", "last_commit", "message"}, rec[0])
		assert.Equal(t, []string{"bob", "S002", "王小明", "bob@school.example", "0", "8", "compile-error", "6", "18", "timeout",
			"6", "26", "23.1", "graded", "", "", "", ""}, rec[2])
		assert.Equal(t, "'=cmd|' /C calc'!A0", rec[4][0], "a cell a spreadsheet would run as a formula starts with an apostrophe")
		assert.Equal(t, []string{"dan", "S004", "Dan Wu", "dan@school.example", "", "8", "not-graded", "", "18", "not-graded",
			"", "26", "", "missing", "", "", "", "no submission"}, rec[5], "a student with no submission has no points, not zero")
	})

	t.Run("Canvas: its header, the Points Possible row, and only rows it can match and keep", func(t *testing.T) {
		rec := readCSV(t, canvasCSVBytes(book, ro))
		assert.Equal(t, []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "forkroom 01 files", "forkroom 05 multitask"}, rec[0])
		assert.Equal(t, []string{"Points Possible", "", "", "", "", "8", "18"}, rec[1])
		require.Len(t, rec, 4, "carol (a lesson that could not be graded), the unknown folder and dan (no submission) are left out")
		assert.Equal(t, []string{"Alice Martin", "", "S001", "amartin", "A", "8", "12"}, rec[2])
		assert.Equal(t, []string{"王小明", "", "S002", "", "B", "0", "6"}, rec[3])
	})

	t.Run("Moodle: the user columns first, then names, then one column per lesson", func(t *testing.T) {
		rec := readCSV(t, moodleCSVBytes(book, ro))
		assert.Equal(t, []string{"ID number", "Email address", "First name", "Last name", "forkroom 01 files", "forkroom 05 multitask"}, rec[0])
		require.Len(t, rec, 3)
		assert.Equal(t, []string{"S001", "alice@school.example", "Alice", "Martin", "8", "12"}, rec[1])
		assert.Equal(t, []string{"S002", "bob@school.example", "王小明", "", "0", "6"}, rec[2], "a name without spaces stays whole")
	})
}

// TestMoodleUserColumns shows that no row of moodle.csv has a blank in a
// user column: Moodle's importer skips a blank (or "0") user cell and gives
// the row's grades to the student of the row before.
func TestMoodleUserColumns(t *testing.T) {
	graded := func(folder, id, email string) gradebook.Student {
		s := gradebook.Student{Folder: folder, StudentID: id, Email: email, Name: folder, Status: gradebook.Graded,
			Lessons: []gradebook.LessonResult{{Lesson: "01", Status: gradebook.Pass, Points: 8, MaxPoints: 8}}}
		total(&s)
		return s
	}
	lessons := []gradebook.Lesson{{ID: "01", Num: 1, Slug: "files", MaxPoints: 8}}
	ro := &roster{byFolder: map[string]*rosterEntry{}}
	for _, tc := range []struct {
		name     string
		students []gradebook.Student
		header   []string
		keys     []string // the first cell of each row written
		left     []string
	}{
		{"most have an id: the id column alone, rows without one left out",
			[]gradebook.Student{graded("ann", "1", "ann@x"), graded("bo", "2", ""), graded("cy", "", "cy@x")},
			[]string{"ID number", "First name", "Last name", "forkroom 01 files"}, []string{"1", "2"}, []string{"cy"}},
		{"most have an email: the email column first",
			[]gradebook.Student{graded("ann", "1", "ann@x"), graded("bo", "", "bo@x"), graded("cy", "", "cy@x")},
			[]string{"Email address", "First name", "Last name", "forkroom 01 files"}, []string{"ann@x", "bo@x", "cy@x"}, nil},
		{"an id of 0 is blank to Moodle",
			[]gradebook.Student{graded("ann", "0", "ann@x"), graded("bo", "2", "bo@x")},
			[]string{"Email address", "First name", "Last name", "forkroom 01 files"}, []string{"ann@x", "bo@x"}, nil},
		{"both complete: both columns, the id first",
			[]gradebook.Student{graded("ann", "1", "ann@x"), graded("bo", "2", "bo@x")},
			[]string{"ID number", "Email address", "First name", "Last name", "forkroom 01 files"}, []string{"1", "2"}, nil},
		{"nothing to find anyone by: no rows",
			[]gradebook.Student{graded("ann", "", "")},
			[]string{"ID number", "First name", "Last name", "forkroom 01 files"}, nil, []string{"ann"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := &gradebook.Book{Version: gradebook.Version, Lessons: lessons, Students: tc.students}
			_, _, left := moodleRows(book)
			assert.Equal(t, tc.left, left)
			rec := readCSV(t, moodleCSVBytes(book, ro))
			require.NotEmpty(t, rec)
			assert.Equal(t, tc.header, rec[0])
			var keys []string
			for _, r := range rec[1:] {
				require.Len(t, r, len(rec[0]), "every row as long as the header")
				keys = append(keys, r[0])
				for i, h := range rec[0] {
					if h == "ID number" || h == "Email address" {
						assert.True(t, moodleCan(r[i]), "row %v has a blank %s", r, h)
					}
				}
			}
			assert.Equal(t, tc.keys, keys)
		})
	}
}

// TestLMSColumn shows that every lesson's column becomes an assignment of its
// own in Canvas and fits a new Moodle grade item: its title does not end in
// " (digits)", which Canvas takes for the id of an existing assignment
// (Assignment.title_and_id), contains none of the total columns Canvas drops
// (GradebookImporter::NON_ASSIGNMENT_COLUMN_HEADERS), and the lesson is worth
// no more than 100, the maximum of a grade item Moodle creates on import.
func TestLMSColumn(t *testing.T) {
	canvasID := regexp.MustCompile(`\A(.*)\s\((\d+)\)\z`)
	totals := []string{"Current Score", "Current Points", "Current Grade", "Final Score", "Final Points", "Final Grade",
		"Override Score", "Override Grade", "Override Status"}
	lessons := bookLessons(append(append([]course.Lesson{}, course.Lessons...), course.Chatroom), i18n.En)
	require.NotEmpty(t, lessons)
	seen := map[string]bool{}
	for _, l := range lessons {
		c := lmsColumn(l)
		assert.False(t, canvasID.MatchString(c), c)
		for _, tot := range totals {
			assert.NotContains(t, c, tot)
		}
		assert.False(t, seen[c], "%s twice", c)
		seen[c] = true
		assert.LessOrEqual(t, l.MaxPoints, 100, c)
	}
	assert.False(t, canvasID.MatchString(lmsColumn(gradebook.Lesson{ID: "05", Num: 5, Slug: "multitask"})))
	assert.True(t, canvasID.MatchString("forkroom 05 (1234)"), "the pattern is Canvas's")
}

func TestRoster(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      rosterEntry
	}{
		{"a header in another order, another case and a byte-order mark",
			"\ufeffE-mail,NAME,folder,student_id\nx@y.z,Ann Lee,ann,7\n", rosterEntry{Folder: "ann", ID: "7", Name: "Ann Lee", Email: "x@y.z"}},
		{"no header: folder, id, name, email",
			"ann,7,Ann Lee,x@y.z\n", rosterEntry{Folder: "ann", ID: "7", Name: "Ann Lee", Email: "x@y.z"}},
		{"first and last names apart",
			"folder,first name,last name,email\nann,Ann,Lee,x@y.z\n", rosterEntry{Folder: "ann", Name: "Ann Lee", First: "Ann", Last: "Lee", Email: "x@y.z"}},
		{"Chinese headers", "目录,学号,姓名,邮箱\n", rosterEntry{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ro, err := parseRoster("r.csv", strings.NewReader(tc.csv))
			if tc.want.Folder == "" {
				assert.Error(t, err, "a roster with no students")
				return
			}
			require.NoError(t, err)
			require.Len(t, ro.entries, 1)
			got := *ro.entries[0]
			got.rosterRow = 0
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("a folder named twice is refused", func(t *testing.T) {
		_, err := parseRoster("r.csv", strings.NewReader("folder,id\nann,1\nann,2\n"))
		assert.ErrorContains(t, err, "twice (lines 2 and 3)")
	})
}

// TestOutDir shows that results never go through a symbolic link planted
// where a result file goes: the link itself is replaced, its target is not
// touched, and --resume refuses to read grades.json through one.
func TestOutDir(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "teachers-notes.txt")
	require.NoError(t, os.WriteFile(victim, []byte("do not overwrite\n"), 0o644))
	require.NoError(t, os.Symlink(victim, filepath.Join(dir, "grades.csv")))
	require.NoError(t, os.Symlink(victim, filepath.Join(dir, "grades.json")))
	d, err := openOutDir(dir)
	require.NoError(t, err)
	defer d.close()

	t.Run("reading through a link is refused", func(t *testing.T) {
		_, err := d.read("grades.json")
		assert.ErrorContains(t, err, "symbolic link")
	})
	t.Run("writing replaces the link, not its target", func(t *testing.T) {
		require.NoError(t, d.write("grades.csv", []byte("folder\n")))
		got, err := os.ReadFile(victim)
		require.NoError(t, err)
		assert.Equal(t, "do not overwrite\n", string(got))
		fi, err := os.Lstat(filepath.Join(dir, "grades.csv"))
		require.NoError(t, err)
		assert.True(t, fi.Mode().IsRegular(), "grades.csv is a file of its own now")
		data, err := os.ReadFile(filepath.Join(dir, "grades.csv"))
		require.NoError(t, err)
		assert.Equal(t, "folder\n", string(data))
	})
	t.Run("no temporary file is left", func(t *testing.T) {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			assert.False(t, strings.HasSuffix(e.Name(), ".tmp"), e.Name())
		}
	})
}
