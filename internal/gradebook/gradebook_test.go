package gradebook

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadWrite(t *testing.T) {
	t.Run("a book read back is the book written", func(t *testing.T) {
		msg := "timed out after 10 s"
		b := &Book{
			Version: Version, Checker: "v1.2.3", Started: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Seed: 42, Lang: "en",
			Lessons: []Lesson{{ID: "01", Num: 1, Slug: "files", Title: "Files", MaxPoints: 8,
				Checks: []Check{{ID: "lists-entries", Title: "lists the entries", MaxPoints: 8}}}},
			Students: []Student{{Folder: "alice", Status: Graded, Points: 0, MaxPoints: 8,
				Lessons: []LessonResult{{Lesson: "01", Status: Timeout, MaxPoints: 8,
					Tests: []Test{{ID: "lists-entries", Name: "01 files: lists the entries", Status: "fail", Message: &msg, TaskID: 1, MaxPoints: 8, TimedOut: true}}}}}},
		}
		data, err := b.Marshal()
		require.NoError(t, err)
		got, err := Read(bytes.NewReader(data))
		require.NoError(t, err)
		assert.Equal(t, b, got)
		require.NotNil(t, got.Students[0].Lesson("01"))
		assert.Equal(t, Timeout, got.Students[0].Lesson("01").Status)
		assert.Nil(t, got.Students[0].Lesson("02"))
	})
	t.Run("a book of another schema version is refused", func(t *testing.T) {
		_, err := Read(bytes.NewReader([]byte(`{"version": 99}`)))
		assert.ErrorContains(t, err, "schema version 99")
	})
}
