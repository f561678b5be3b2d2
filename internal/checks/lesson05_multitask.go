package checks

import "forkroom/internal/grade"

// Multitask grades lesson 05. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Multitask() grade.Suite { return grade.Suite{} }
