package checks

import "forkroom/internal/grade"

// Login grades lesson 13. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Login() grade.Suite { return grade.Suite{} }
