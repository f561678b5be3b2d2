package checks

import "forkroom/internal/grade"

// UDP grades lesson 11. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func UDP() grade.Suite { return grade.Suite{} }
