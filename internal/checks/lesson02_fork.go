package checks

import "forkroom/internal/grade"

// Fork grades lesson 02. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Fork() grade.Suite { return grade.Suite{} }
