// Package watch tells when the files of a folder change: at once where the
// system reports file events (inotify on Linux), and by polling everywhere,
// because events do not arrive on every file system (WSL's /mnt, network
// drives).
package watch

import (
	"context"
	"io/fs"
	"path/filepath"
	"time"
)

// Debounce is how long the files must stay quiet before a change is reported:
// an editor's save is often several writes.
const Debounce = 200 * time.Millisecond

// Poll is how often the files are compared when no event arrives.
const Poll = time.Second

// Changes reports every change below dir, one value per burst of changes,
// until ctx is done.
func Changes(ctx context.Context, dir string) <-chan struct{} {
	out := make(chan struct{})
	wake := make(chan struct{}, 1)
	stop := events(ctx, dir, wake)
	go func() {
		defer close(out)
		defer stop()
		last := fingerprint(dir)
		tick := time.NewTicker(Poll)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			case <-tick.C:
			}
			now := fingerprint(dir)
			if now == last {
				continue
			}
			// Wait until the files stay the same for a debounce period.
			for {
				select {
				case <-ctx.Done():
					return
				case <-time.After(Debounce):
				}
				again := fingerprint(dir)
				if again == now {
					break
				}
				now = again
			}
			last = now
			select {
			case out <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// fingerprint sums up the names, sizes and times of the files below dir.
func fingerprint(dir string) string {
	var b []byte
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		b = append(b, path...)
		b = append(b, 0)
		b = append(b, info.ModTime().Format(time.RFC3339Nano)...)
		b = append(b, byte(info.Size()), byte(info.Size()>>8), byte(info.Size()>>16), 0)
		return nil
	})
	return string(b)
}
