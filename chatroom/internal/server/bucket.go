package server

import (
	"context"
	"log/slog"
	"time"
)

// bucket is a token bucket: it holds up to burst tokens, gains rate tokens a
// second, and each allowed event takes one. It is not safe for concurrent
// use; the Server's mutex protects its buckets.
type bucket struct {
	tokens float64
	last   time.Time
	// warned is set when the bucket first refuses, so a flood is logged
	// once and not once per datagram.
	warned bool
}

func newBucket(burst int, now time.Time) *bucket {
	return &bucket{tokens: float64(burst), last: now}
}

// refill adds the tokens earned since the last call.
func (b *bucket) refill(burst int, rate float64, now time.Time) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens += elapsed.Seconds() * rate
		if b.tokens > float64(burst) {
			b.tokens = float64(burst)
		}
	}
	b.last = now
}

// allow takes a token if there is one.
func (b *bucket) allow(burst int, rate float64, now time.Time) bool {
	b.refill(burst, rate, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// full reports whether the bucket has refilled completely, which means its
// address has been quiet for a while and the bucket may be forgotten.
func (b *bucket) full(burst int, rate float64, now time.Time) bool {
	b.refill(burst, rate, now)
	return b.tokens >= float64(burst)
}

// discardHandler is a slog.Handler that drops everything (slog.DiscardHandler
// needs Go 1.24).
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
