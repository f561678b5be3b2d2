package checks

import (
	"sync"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/proc"
)

// tableLog samples the process table in the background while a program
// runs. The lessons about reaping (08 wait, 09 double fork, 10 SIGCHLD) grade
// what it saw: which processes were children of the program, who adopted an
// orphan, how long a zombie stayed.
//
// Only the processes below the checker are kept, so that a few hundred
// samples stay small.
type tableLog struct {
	t     *grade.T
	every time.Duration

	mu    sync.Mutex
	snaps []proc.Snapshot // guarded by mu
	err   error           // the first sampling error; guarded by mu

	stop chan struct{}
	done chan struct{}
}

// startTableLog takes a sample now and then one every interval until Stop.
func startTableLog(t *grade.T, every time.Duration) *tableLog {
	l := &tableLog{t: t, every: every, stop: make(chan struct{}), done: make(chan struct{})}
	l.sample()
	go func() {
		defer close(l.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.Context().Done():
				return
			case <-tick.C:
				l.sample()
			}
		}
	}()
	return l
}

// sample takes one snapshot and keeps the part below the checker.
func (l *tableLog) sample() proc.Snapshot {
	snap, err := l.t.Snapshot()
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		if l.err == nil {
			l.err = err
		}
		return snap
	}
	self := l.t.Self()
	keep := proc.Snapshot{Taken: snap.Taken, Procs: map[int]proc.Process{}}
	if p, ok := snap.Get(self); ok {
		keep.Procs[self] = p
	}
	for _, p := range snap.Descendants(self) {
		keep.Procs[p.PID] = p
	}
	l.snaps = append(l.snaps, keep)
	return keep
}

// Stop ends the sampling, takes a last sample, and returns every sample in
// the order taken. An error means the checker could not read the table.
func (l *tableLog) Stop() ([]proc.Snapshot, error) {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	l.sample()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]proc.Snapshot(nil), l.snaps...), l.err
}

// tableChildren returns the pids seen with parent as their parent in any of
// snaps, with the first time each was seen.
func tableChildren(snaps []proc.Snapshot, parent int) map[int]time.Time {
	out := map[int]time.Time{}
	for _, s := range snaps {
		for _, c := range s.Children(parent) {
			if _, ok := out[c.PID]; !ok {
				out[c.PID] = s.Taken
			}
		}
	}
	return out
}

// tableZombie is how long one zombie was seen, and whose it was.
type tableZombie struct {
	PID, PPID   int
	First, Last time.Time
	Snap        proc.Snapshot // the last sample it was seen in
}

// Seen is how long it stayed a zombie, from the first sample that showed it
// to the last.
func (z tableZombie) Seen() time.Duration { return z.Last.Sub(z.First) }

// tableZombies returns the zombies seen in snaps whose parent was root or a
// descendant of root at that moment, in the order first seen. Zombies whose
// parent is the checker (adopted orphans that ended) are not root's.
func tableZombies(snaps []proc.Snapshot, root int) []tableZombie {
	byPID := map[int]*tableZombie{}
	var order []int
	for _, s := range snaps {
		if _, ok := s.Get(root); !ok {
			continue
		}
		under := map[int]bool{root: true}
		for _, d := range s.Descendants(root) {
			under[d.PID] = true
		}
		for _, d := range s.Descendants(root) {
			if d.State != proc.Zombie || !under[d.PPID] {
				continue
			}
			z, ok := byPID[d.PID]
			if !ok {
				z = &tableZombie{PID: d.PID, PPID: d.PPID, First: s.Taken}
				byPID[d.PID] = z
				order = append(order, d.PID)
			}
			z.Last, z.Snap = s.Taken, s
		}
	}
	out := make([]tableZombie, 0, len(order))
	for _, pid := range order {
		out = append(out, *byPID[pid])
	}
	return out
}
