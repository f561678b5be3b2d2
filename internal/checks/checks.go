// Package checks holds the graded checks of every lesson, one file a lesson
// (lesson05_multitask.go grades lessons/05-multitask). Each lesson's function
// returns its grade.Suite; the course table in package course lists them in
// order.
//
// Checks treat the exercise as a black box: they start it, talk to it over
// stdin, stdout and sockets, and verify what it claims against ground truth,
// the process table, the file system and the clock.
package checks

import "forkroom/internal/i18n"

// localized is a text drawn when it is shown, in the reader's language: a
// table or picture built from several messages.
type localized func(i18n.Lang) string

// In draws the text in l.
func (f localized) In(l i18n.Lang) string { return f(l) }
