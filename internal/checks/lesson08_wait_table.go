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

	mu      sync.Mutex
	snaps   []proc.Snapshot // guarded by mu
	doneAt  []time.Time     // per sample: when reading it had finished; guarded by mu
	exiting []map[int]bool  // per sample: zombies whose other threads still run; guarded by mu
	err     error           // the last sampling error; guarded by mu

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

// tableSnapshot reads the process table, trying again when a process
// vanished while it was being read. (proc.Procfs treats a pid that is gone
// as gone, but a stat file that disappears between open and read fails with
// ESRCH, "no such process"; a fresh read does not see that process at all.)
func tableSnapshot(t *grade.T) (proc.Snapshot, error) {
	var snap proc.Snapshot
	var err error
	for try := 0; try < 5; try++ {
		if snap, err = t.Snapshot(); err == nil {
			return snap, nil
		}
	}
	return snap, err
}

// sample takes one snapshot and keeps the part below the checker. A sample
// that cannot be read is left out; Stop reports the error only when no
// sample could be read at all.
func (l *tableLog) sample() {
	snap, err := tableSnapshot(l.t)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.err = err
		return
	}
	self := l.t.Self()
	keep := proc.Snapshot{Taken: snap.Taken, Procs: map[int]proc.Process{}}
	if p, ok := snap.Get(self); ok {
		keep.Procs[self] = p
	}
	exiting := map[int]bool{}
	for _, p := range snap.Descendants(self) {
		keep.Procs[p.PID] = p
		if p.State == proc.Zombie {
			if p.Threads > 1 {
				exiting[p.PID] = true
			}
		}
	}
	l.snaps = append(l.snaps, keep)
	l.doneAt = append(l.doneAt, time.Now())
	l.exiting = append(l.exiting, exiting)
}

// Waitable reports whether p, as seen in sample i, had ended and could be
// collected by a wait. The table shows a process as a zombie as soon as its
// first thread has exited; while its other threads are still exiting
// (tens of milliseconds for a Go program on a busy machine, measured) no
// wait can collect it yet.
func (l *tableLog) Waitable(i int, p proc.Process) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return p.State == proc.Zombie && (i >= len(l.exiting) || !l.exiting[i][p.PID])
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
	if len(l.snaps) == 0 {
		return nil, l.err
	}
	return append([]proc.Snapshot(nil), l.snaps...), nil
}

// ReadBefore returns the samples whose reading had finished before at: what
// the table showed before something the checker did at that moment.
func (l *tableLog) ReadBefore(at time.Time) []proc.Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []proc.Snapshot
	for i, s := range l.snaps {
		if l.doneAt[i].Before(at) {
			out = append(out, s)
		}
	}
	return out
}

// Lives follows every process below prog, and the processes in also,
// through the samples taken so far (see lives). Call it after Stop.
func (l *tableLog) Lives(prog int, also ...int) map[int]*procLife {
	l.mu.Lock()
	defer l.mu.Unlock()
	return lives(l.snaps, l.doneAt, prog, l.t.Self(), also...)
}

// children returns the children of parent seen in snaps, with the first time
// each was seen: the children a wait can collect. (Snapshot.Children leaves
// out the Go runtime's own clone probe, whose exit signal is 0.)
func (l *tableLog) children(snaps []proc.Snapshot, parent int) map[int]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
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
