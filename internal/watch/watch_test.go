package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestChanges(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	require.NoError(t, os.WriteFile(file, []byte("package main\n"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := Changes(ctx, dir)

	t.Run("a save is reported once, after the debounce", func(t *testing.T) {
		time.Sleep(50 * time.Millisecond)
		// An editor's save: several writes in a burst.
		for i := 0; i < 3; i++ {
			require.NoError(t, os.WriteFile(file, []byte("package main\n// edit "+string(rune('a'+i))+"\n"), 0o644))
			time.Sleep(20 * time.Millisecond)
		}
		select {
		case <-changes:
		case <-time.After(3 * time.Second):
			t.Fatal("no change reported within 3 s")
		}
		select {
		case <-changes:
			t.Fatal("one burst of writes was reported twice")
		case <-time.After(2 * Poll):
		}
	})
	t.Run("a new file is a change too", func(t *testing.T) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "extra.go"), []byte("package main\n"), 0o644))
		select {
		case <-changes:
		case <-time.After(3 * time.Second):
			t.Fatal("no change reported within 3 s")
		}
	})
	t.Run("the channel closes when the context ends", func(t *testing.T) {
		cancel()
		select {
		case _, ok := <-changes:
			require.False(t, ok)
		case <-time.After(3 * time.Second):
			t.Fatal("not closed")
		}
	})
}
