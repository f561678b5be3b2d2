package checks

import "forkroom/internal/grade"

// SigChld grades lesson 10. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func SigChld() grade.Suite { return grade.Suite{} }
