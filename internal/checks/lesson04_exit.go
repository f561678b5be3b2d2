package checks

import "forkroom/internal/grade"

// Exit grades lesson 04. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Exit() grade.Suite { return grade.Suite{} }
