package server

import (
	"net/netip"
	"time"
)

// EventKind says what happened in the room.
type EventKind int

// The events a Server reports.
const (
	EventJoin         EventKind = iota // Name logged in from Addr
	EventLeave                         // Name quit
	EventExpire                        // Name was silent for too long (Idle)
	EventKick                          // the teacher removed Name (Text: the reason, if any)
	EventBan                           // the teacher removed Name and banned its IP address (Text: the reason)
	EventUnban                         // the teacher lifted the ban on Addr's IP address
	EventMute                          // the teacher muted Name
	EventUnmute                        // the teacher let Name speak again
	EventChat                          // Name said Text
	EventAnnouncement                  // the teacher announced Text
	EventShutdown                      // the server stopped and told everyone
)

// Event is one thing that happened in the room, for the teacher's window and
// the chat log.
type Event struct {
	Time time.Time
	Kind EventKind
	Name string         // the user concerned, if any
	Addr netip.AddrPort // the user's address, if any (for EventUnban, the IP with port 0)
	Text string         // the chat, the announcement or the reason
	Idle time.Duration  // for EventExpire: how long the user had been silent
	// Online is the number of users in the room once the event happened.
	Online int
}
