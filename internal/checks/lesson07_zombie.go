package checks

import "forkroom/internal/grade"

// Zombie grades lesson 07. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Zombie() grade.Suite { return grade.Suite{} }
