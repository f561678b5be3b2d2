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

// textWidth is the number of terminal columns s takes: Chinese and other
// wide characters take two.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}
