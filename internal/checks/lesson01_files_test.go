package checks

import "testing"

func TestFilesMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a program that removes every file, not only the empty ones", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/removes-everything", "removes-empty")
	})
	t.Run("a program that turns the exists test around and calls folders files", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/exists-inverted", "lists-entries", "exists", "removes-empty")
	})
	t.Run("a program that asks os.Stat about the name alone, not the path in the folder", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/stat-not-joined", "exists")
	})
	t.Run("a program that removes whatever has size 0", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/size-zero-alone", "removes-empty")
	})
	t.Run("a program that walks into the sub-folders", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/walks-subfolders", "removes-empty")
	})
	t.Run("a program that removes the files named like the empty ones", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/removes-by-suffix", "removes-empty")
	})
	t.Run("a program that answers the exists questions from its listing", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/exists-from-listing", "exists")
	})
	t.Run("a program that follows links when it looks at the entries", func(t *testing.T) {
		gradeWrong(t, Files(), "01-files/follows-links", "removes-empty")
	})
}
