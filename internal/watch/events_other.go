//go:build !linux

package watch

import "context"

// events has no file events to offer here: polling finds the changes.
func events(context.Context, string, chan<- struct{}) (stop func()) { return func() {} }
