package cli

import (
	"encoding/csv"
	"io"
	"os"
	"strings"
)

// rosterEntry is one student of --roster.
type rosterEntry struct {
	Folder    string // the submission folder's name: the key
	ID        string // the school's student id (Canvas: SIS User ID; Moodle: ID number)
	Name      string
	Email     string
	First     string // given name, when the roster has it apart
	Last      string // family name
	Login     string // Canvas's SIS Login ID, when the roster has it
	Section   string // Canvas's section, when the roster has it
	rosterRow int
}

// roster is --roster: folder name → student.
type roster struct {
	file     string
	entries  []*rosterEntry
	byFolder map[string]*rosterEntry
}

// rosterColumns are the header names a roster may use for each field,
// compared in lower case with runs of spaces, underscores and hyphens as one
// space.
var rosterColumns = map[string][]string{
	"folder":  {"folder", "dir", "directory", "submission", "github", "github username", "repository", "repo", "目录", "文件夹"},
	"id":      {"id", "student id", "student number", "sis user id", "id number", "学号"},
	"name":    {"name", "full name", "student", "student name", "姓名"},
	"email":   {"email", "e mail", "email address", "mail", "邮箱", "电子邮件"},
	"first":   {"first name", "given name", "firstname"},
	"last":    {"last name", "family name", "surname", "lastname"},
	"login":   {"login", "sis login id", "username", "login id"},
	"section": {"section", "class", "班级"},
}

func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// readRoster reads a roster CSV. Its first row is a header naming the
// columns (folder, id, name, email; optionally first name, last name, login,
// section), in any order; without a recognisable header the columns are
// folder, id, name, email in that order.
func readRoster(path string) (*roster, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot read the roster: %v", err.Error())
	}
	defer f.Close()
	return parseRoster(path, f)
}

func parseRoster(path string, r io.Reader) (*roster, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	records, err := cr.ReadAll()
	if err != nil {
		return nil, usagef("the roster %s is not a CSV file: %v", path, err.Error())
	}
	col := map[string]int{"folder": 0, "id": 1, "name": 2, "email": 3}
	start := 0
	if len(records) > 0 {
		header := map[string]int{}
		for i, h := range records[0] {
			n := normHeader(h)
			for field, names := range rosterColumns {
				for _, name := range names {
					if n == name {
						if _, dup := header[field]; !dup {
							header[field] = i
						}
					}
				}
			}
		}
		if _, ok := header["folder"]; ok {
			col, start = header, 1
		}
	}
	ro := &roster{file: path, byFolder: map[string]*rosterEntry{}}
	get := func(rec []string, field string) string {
		i, ok := col[field]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	for n, rec := range records[start:] {
		line := start + n + 1
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		e := &rosterEntry{Folder: get(rec, "folder"), ID: get(rec, "id"), Name: get(rec, "name"), Email: get(rec, "email"),
			First: get(rec, "first"), Last: get(rec, "last"), Login: get(rec, "login"), Section: get(rec, "section"), rosterRow: line}
		if e.Folder == "" {
			return nil, usagef("the roster %s has no folder name on line %d", path, line)
		}
		if old, dup := ro.byFolder[e.Folder]; dup {
			return nil, usagef("the roster %s names the folder %s twice (lines %d and %d)", path, e.Folder, old.rosterRow, line)
		}
		if e.Name == "" && (e.First != "" || e.Last != "") {
			e.Name = strings.TrimSpace(e.First + " " + e.Last)
		}
		ro.entries = append(ro.entries, e)
		ro.byFolder[e.Folder] = e
	}
	if len(ro.entries) == 0 {
		return nil, usagef("the roster %s has no students", path)
	}
	return ro, nil
}

// firstLast splits a student's name for Moodle's two name columns: the
// roster's own columns when it has them; else a name with spaces is split
// at the last one, and a name without (王小明) is all in the first column.
func (e *rosterEntry) firstLast() (string, string) {
	if e.First != "" || e.Last != "" {
		return e.First, e.Last
	}
	if i := strings.LastIndexByte(e.Name, ' '); i > 0 {
		return e.Name[:i], e.Name[i+1:]
	}
	return e.Name, ""
}
