package server

import (
	"log/slog"
	"time"
)

// Clock tells the time. The server reads the time only through its Clock,
// so a test can move time forward without sleeping.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config holds every limit and timeout of a Server. The zero value of a
// field means its default (see DefaultConfig).
type Config struct {
	// Timeout is how long a user may stay silent (no chat, no heartbeat)
	// before the server drops them and tells the others they left.
	Timeout time.Duration
	// LineTimeout replaces Timeout for a user whose login ended with a
	// line end: a person typing into nc, who sends no heartbeats.
	LineTimeout time.Duration
	// SweepInterval is how often Serve looks for silent users.
	SweepInterval time.Duration

	// Burst and Rate make the per-address token bucket: an address may
	// send Burst datagrams at once, then Rate datagrams a second. Excess
	// datagrams are dropped without an answer.
	Burst int
	Rate  float64

	// MaxUsers caps the users in the room; MaxUsersPerIP caps the users
	// sharing one IP address.
	MaxUsers      int
	MaxUsersPerIP int

	// UnknownBurst and UnknownRate make one token bucket, shared by all
	// addresses that are not logged in, for answers to them (OK, ERR …).
	// It bounds how much the server can be made to send to addresses
	// that may be forged.
	UnknownBurst int
	UnknownRate  float64

	// MaxTracked caps the number of addresses with a token bucket of their
	// own; beyond it, new addresses share one bucket until a sweep frees
	// the buckets of quiet addresses.
	MaxTracked int

	// Clock tells the time; nil means the system clock.
	Clock Clock
	// Logger receives joins, leaves, expiries and rejections; nil means
	// no logging.
	Logger *slog.Logger
	// Events, if not nil, is told of every join, leave, expiry, chat,
	// announcement and teacher's action, in the order they happen. It is
	// called with the room locked: it must return quickly, never block,
	// and never call the Server.
	Events func(Event)
}

// DefaultConfig returns the defaults the server command uses.
func DefaultConfig() Config {
	return Config{
		Timeout:       35 * time.Second,
		LineTimeout:   30 * time.Minute,
		SweepInterval: time.Second,
		Burst:         10,
		Rate:          5,
		MaxUsers:      1000,
		MaxUsersPerIP: 64,
		UnknownBurst:  20,
		UnknownRate:   10,
		MaxTracked:    1 << 16,
	}
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Timeout <= 0 {
		c.Timeout = d.Timeout
	}
	if c.LineTimeout <= 0 {
		c.LineTimeout = d.LineTimeout
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = d.SweepInterval
	}
	if c.Burst <= 0 {
		c.Burst = d.Burst
	}
	if c.Rate <= 0 {
		c.Rate = d.Rate
	}
	if c.MaxUsers <= 0 {
		c.MaxUsers = d.MaxUsers
	}
	if c.MaxUsersPerIP <= 0 {
		c.MaxUsersPerIP = d.MaxUsersPerIP
	}
	if c.UnknownBurst <= 0 {
		c.UnknownBurst = d.UnknownBurst
	}
	if c.UnknownRate <= 0 {
		c.UnknownRate = d.UnknownRate
	}
	if c.MaxTracked <= 0 {
		c.MaxTracked = d.MaxTracked
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(discardHandler{})
	}
	return c
}
