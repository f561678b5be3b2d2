package checks

import "forkroom/internal/grade"

// Pids grades lesson 03. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Pids() grade.Suite { return grade.Suite{} }
