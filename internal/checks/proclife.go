package checks

import (
	"time"

	"forkroom/internal/proc"
)

// procLife is what samples of the process table showed of one process below
// a program, from the first sample that showed it to the last: who its
// parents were, when it was last seen alive, when it was first seen ended,
// whether it stayed a zombie and how it ended. The lessons about waiting
// grade these facts instead of what the program prints about its children.
//
// Times are bounds, not instants: a process ended after LastAlive and before
// EndedBy; it was still in the table (not yet reaped) at LastUnder.
type procLife struct {
	PID int
	// First is the process as first seen, FirstSeen when that sample was
	// taken.
	First     proc.Process
	FirstSeen time.Time
	// Parents are its parents, each once, in the order seen.
	Parents []int
	// LastAlive is when the last sample that showed it running (not a
	// zombie) was taken.
	LastAlive time.Time
	// EndedBy is when the first sample that showed it ended (a zombie, or
	// gone) had been read; zero when no sample did.
	EndedBy time.Time
	// LastUnder is when the last sample that showed it (running or a
	// zombie) with the program as its parent was taken: the program had not
	// reaped it yet then.
	LastUnder time.Time
	// Zombie is its last sighting as a zombie, if ZombieSeen.
	Zombie     proc.Process
	ZombieSeen bool
	// ZombieFirst and ZombieLast bound how long it was seen a zombie.
	ZombieFirst, ZombieLast time.Time
	// Adopted says a sample showed it with the checker as its parent: its
	// parent had ended without reaping it. AdoptedZombie: it was a zombie
	// then, ended and never reaped by its own parent.
	Adopted, AdoptedZombie bool
}

// Lived is a lower bound of how long it lived, from its start (the process
// table's start time) to the last sample that showed it running; Lasted is
// the upper bound, to the first sample that showed it ended. Lasted is zero
// when it was never seen ended.
func (l *procLife) Lived() time.Duration { return l.LastAlive.Sub(l.First.Start) }

// Lasted is an upper bound of how long it lived; see Lived.
func (l *procLife) Lasted() time.Duration {
	if l.EndedBy.IsZero() {
		return 0
	}
	return l.EndedBy.Sub(l.First.Start)
}

// lives follows every process seen below prog in snaps (taken in order,
// doneAt[i] when snaps[i] had been read), and keeps following it after
// prog's end, when the checker (self) adopts it. The processes in also are
// followed wherever they are (a grandchild the checker adopted before any
// sample showed it below prog).
func lives(snaps []proc.Snapshot, doneAt []time.Time, prog, self int, also ...int) map[int]*procLife {
	out := map[int]*procLife{}
	for i, s := range snaps {
		under := map[int]bool{}
		for _, pid := range also {
			under[pid] = true
		}
		for _, d := range s.Descendants(prog) {
			under[d.PID] = true
		}
		for pid, l := range out {
			if _, ok := s.Get(pid); !ok && !l.LastAlive.IsZero() && l.EndedBy.IsZero() {
				l.EndedBy = doneAt[i]
			}
		}
		for _, p := range s.Procs {
			l, known := out[p.PID]
			if !known {
				if !under[p.PID] {
					continue
				}
				l = &procLife{PID: p.PID, First: p, FirstSeen: s.Taken}
				out[p.PID] = l
			}
			if len(l.Parents) == 0 || l.Parents[len(l.Parents)-1] != p.PPID {
				l.Parents = append(l.Parents, p.PPID)
			}
			if p.PPID == prog {
				l.LastUnder = s.Taken
			}
			if p.PPID == self {
				l.Adopted = true
			}
			if p.State != proc.Zombie {
				l.LastAlive = s.Taken
				continue
			}
			if l.EndedBy.IsZero() {
				l.EndedBy = doneAt[i]
			}
			if !l.ZombieSeen {
				l.ZombieFirst = s.Taken
			}
			l.Zombie, l.ZombieSeen, l.ZombieLast = p, true, s.Taken
			if p.PPID == self {
				l.AdoptedZombie = true
			}
		}
	}
	return out
}

// ignoresSIGCHLD reports whether any snapshot showed prog ignoring SIGCHLD:
// then the kernel reaps its children as they end, and its waits find none.
func ignoresSIGCHLD(snaps []proc.Snapshot, prog int) bool {
	for _, s := range snaps {
		if p, ok := s.Get(prog); ok && p.Ignores(proc.SIGCHLD) {
			return true
		}
	}
	return false
}
