package checks

import (
	"testing"

	"forkroom/internal/grade"
)

// teacherServerOnly grades a chat room server with the teacher's checks
// alone.
func teacherServerOnly() grade.Suite {
	return grade.Suite{Programs: []string{"server"}, Checks: Teacher()}
}

// TestTeacherMutants grades known-wrong chat rooms (patches against
// chatroom/) with the teacher's checks: each must fail exactly the checks
// named.
func TestTeacherMutants(t *testing.T) {
	t.Parallel()
	quickSettle()
	for _, tc := range []struct {
		name string
		fail []string
	}{
		{"chatroom/never-line-ends", []string{"nc-lines"}},
		{"chatroom/line-ends-by-request", []string{"nc-lines"}},
		{"chatroom/nc-expires", []string{"nc-lines"}},
		{"chatroom/who-for-strangers", []string{"who-request"}},
		{"chatroom/who-names-only", []string{"teacher-who"}},
		{"chatroom/kick-silently", []string{"teacher-kick", "teacher-ban"}}, // a ban is a kick too
		{"chatroom/kick-without-reason", []string{"teacher-kick"}},
		{"chatroom/mute-in-user", []string{"teacher-mute"}},
		{"chatroom/mute-still-broadcasts", []string{"teacher-mute"}},
		{"chatroom/ban-is-kick", []string{"teacher-ban"}},
		{"chatroom/unknown-command-announced", []string{"teacher-commands"}},
		{"chatroom/double-slash-kept", []string{"teacher-commands"}},
		{"chatroom/no-online-count", []string{"transcript"}},
		{"chatroom/log-follows-symlink", []string{"chat-log"}},
		{"chatroom/log-truncates", []string{"chat-log"}},
		{"chatroom/prints-wildcard", []string{"lan-addresses"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradeWrong(t, teacherServerOnly(), tc.name, tc.fail...)
		})
	}
}
