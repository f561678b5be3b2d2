package checks

import "forkroom/internal/grade"

// Wait grades lesson 08. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Wait() grade.Suite { return grade.Suite{} }
