package checks

import (
	"strings"
	"testing"

	"forkroom/internal/grade"
)

// processesOnly is lesson 05's suite without the goroutines checks, for the
// wrong programs that differ from the solution only in their processes
// mode: half the time (the goroutines run takes 3 s more).
func processesOnly() grade.Suite {
	s := Multitask()
	var keep []grade.Check
	for _, c := range s.Checks {
		if strings.HasPrefix(c.ID, "processes-") {
			keep = append(keep, c)
		}
	}
	s.Checks = keep
	return s
}

func TestMultitaskMutants(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	t.Run("a program that runs the tasks one after the other", func(t *testing.T) {
		gradeWrong(t, Multitask(), "05-multitask/sequential",
			"goroutines-overlap", "goroutines-wall-time", "processes-overlap", "processes-wall-time")
	})
	t.Run("a program that returns without waiting for its tasks", func(t *testing.T) {
		gradeWrong(t, Multitask(), "05-multitask/no-wait",
			"goroutines-complete", "goroutines-wall-time", "goroutines-waits", "processes-wall-time", "processes-waits")
	})
	t.Run("a program that runs one task only", func(t *testing.T) {
		gradeWrong(t, Multitask(), "05-multitask/one-task",
			"goroutines-complete", "goroutines-overlap", "processes-complete", "processes-overlap")
	})
	t.Run("a program that waits only for the longer task's child", func(t *testing.T) {
		gradeWrong(t, processesOnly(), "05-multitask/waits-for-longer-only", "processes-waits")
	})
	t.Run("a program whose task B works 1.55 s instead of 2 s", func(t *testing.T) {
		gradeWrong(t, Multitask(), "05-multitask/short-task", "goroutines-complete", "processes-complete")
	})
	t.Run("a program whose children are shells, not copies of itself", func(t *testing.T) {
		gradeWrong(t, processesOnly(), "05-multitask/shell-children", "processes-children")
	})
	t.Run("children without the parent's stdout", func(t *testing.T) {
		gradeWrong(t, processesOnly(), "05-multitask/no-child-stdout",
			"processes-children", "processes-complete", "processes-overlap", "processes-waits")
	})
	t.Run("a parent that prints the task lines for its children", func(t *testing.T) {
		gradeWrong(t, processesOnly(), "05-multitask/parent-prints-for-children", "processes-children")
	})
}
