//go:build !unix

package checks

import "errors"

// filesMkfifo makes a named pipe at path: Unix only.
func filesMkfifo(string) error { return errors.New("no named pipes here") }
