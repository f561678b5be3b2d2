package checks

import "forkroom/internal/grade"

// Chatroom grades lesson 15. Not written yet: a suite without checks is left
// out of the course self-test and shown as "coming soon".
func Chatroom() grade.Suite { return grade.Suite{} }
