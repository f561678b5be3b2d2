package checks

import "forkroom/internal/grade"

// Chat grades lesson 14. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Chat() grade.Suite { return grade.Suite{} }
