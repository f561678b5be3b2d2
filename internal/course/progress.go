package course

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"forkroom/internal/grade"
)

// State is where a student stands with a lesson.
type State string

// The states `checker list` shows.
const (
	NotStarted State = "not started" // the stub is as it came
	Failing    State = "failing"     // changed, and not (yet) at full marks
	Passed     State = "passed"      // full marks for the files as they are now
)

// ProgressFile is where the student's results are kept, relative to the
// workbook's root. It is in .gitignore.
const ProgressFile = ".forkroom/progress.json"

// Progress is the record of the student's last result per lesson.
type Progress struct {
	path    string
	Lessons map[string]Record `json:"lessons"`
}

// Record is one lesson's last result.
type Record struct {
	Hash      string    `json:"hash"` // of the lesson's files when graded
	Points    int       `json:"points"`
	MaxPoints int       `json:"max_points"`
	At        time.Time `json:"at"`
}

// LoadProgress reads the record of the workbook at root; a missing or broken
// file is an empty record.
func LoadProgress(root string) *Progress {
	p := &Progress{path: filepath.Join(root, filepath.FromSlash(ProgressFile)), Lessons: map[string]Record{}}
	if data, err := os.ReadFile(p.path); err == nil {
		_ = json.Unmarshal(data, p)
		if p.Lessons == nil {
			p.Lessons = map[string]Record{}
		}
	}
	return p
}

// Record notes a lesson's result for the files at path.
func (p *Progress) Record(l Lesson, path string, res *grade.Result) {
	h, err := HashDir(path)
	if err != nil {
		return
	}
	p.Lessons[l.ID()] = Record{Hash: h, Points: res.Points, MaxPoints: res.MaxPoints, At: time.Now().UTC().Truncate(time.Second)}
}

// Save writes the record.
func (p *Progress) Save() error {
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if err := os.WriteFile(p.path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return nil
}

// State says where the student stands with lesson l, whose files are at path.
// The second result is true when the files changed since they were last graded.
func (p *Progress) State(l Lesson, path string) (State, bool) {
	h, err := HashDir(path)
	if err != nil {
		return NotStarted, false
	}
	if pristine, ok := PristineHash(l); ok && pristine == h {
		return NotStarted, false
	}
	rec, ok := p.Lessons[l.ID()]
	if !ok {
		return Failing, true
	}
	if rec.Hash == h && rec.Points == rec.MaxPoints && rec.MaxPoints > 0 {
		return Passed, false
	}
	return Failing, rec.Hash != h
}

// HashDir hashes the names and contents of the files below dir.
func HashDir(dir string) (string, error) {
	files, err := readTree(dir)
	if err != nil {
		return "", err
	}
	return hashFiles(files), nil
}

func hashFiles(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// readTree reads every regular file below dir, keyed by slash path.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return files, err
}
