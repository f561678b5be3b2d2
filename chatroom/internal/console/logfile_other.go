//go:build !unix

package console

// noFollow is 0 where the system has no O_NOFOLLOW; OpenLog's Lstat check
// still refuses a symbolic link that is there when it looks.
const noFollow = 0

func isLoop(error) bool { return false }
