package checks

import "forkroom/internal/grade"

// Orphan grades lesson 06. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Orphan() grade.Suite { return grade.Suite{} }
