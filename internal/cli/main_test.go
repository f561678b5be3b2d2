package cli

import (
	"os"
	"testing"
)

// TestMain lets the test binary stand in for the checker when a test grades
// in workers: the supervisor re-executes its own binary as `checker worker`,
// which here is this test binary started with the argument "worker".
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == workerCommand {
		os.Exit(Main(Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	// The tests' lesson durations go to a cache of their own (not by
	// XDG_CACHE_HOME, which would also move go build's cache).
	cache, err := os.MkdirTemp("", "forkroom-test-cache-")
	if err == nil {
		os.Setenv(cacheEnv, cache)
	}
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}
