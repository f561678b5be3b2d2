package checks

import "forkroom/internal/grade"

// Complete grades lesson chatroom. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Complete() grade.Suite { return grade.Suite{} }
