package checks

import (
	"testing"

	"forkroom/internal/grade"
)

// The wrong programs of lesson 14 are graded by the checks lesson 14 adds:
// lesson 13's are graded with lesson 13's wrong programs.
func TestChatWrongPrograms(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	suite := grade.Suite{Checks: chatChecks(lessonRules)}
	for _, tc := range []struct {
		what, patch string
		fail        []string
	}{
		{"a server that echoes a chat to its sender", "14-chat/echo-to-sender", []string{"no-echo"}},
		{"a server that echoes a chat to its sender 600 ms later", "14-chat/echo-later", []string{"no-echo"}},
		{"a server that sends no leave notice", "14-chat/no-leave-notice", []string{"leave-notice"}},
		{"a server that tells the one leaving about itself", "14-chat/leave-notice-to-leaver", []string{"leave-notice"}},
		{"a server that keeps a user who quit", "14-chat/quit-keeps-user", []string{"leave-notice", "quit-forgets"}},
		{"a server that answers no BYE", "14-chat/no-bye", []string{"leave-notice"}},
		{"a server that trusts the name a request claims", "14-chat/trusts-name", []string{"who-may-speak"}},
		{"a server that broadcasts a chat without text", "14-chat/empty-text", []string{"chat-broadcast"}},
		{"a server that trims a chat's text", "14-chat/trims-text", []string{"chat-broadcast"}},
		{"a server that splits a chat's text with strings.Fields", "14-chat/fields-text", []string{"chat-broadcast"}},
		{"a server whose chat notice has an ASCII colon", "14-chat/ascii-colon", []string{"chat-broadcast", "no-echo", "quit-forgets", "who-may-speak"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeWrong(t, focus(suite, tc.fail, "chat-broadcast", "leave-notice"), tc.patch, tc.fail...)
		})
	}
}
