package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

// progress is the line a class run keeps at the bottom of a terminal:
// students done, running and left, and an estimate of the time left. Lines
// about finished students are printed above it. On a pipe there is no
// progress line, only the students' lines.
type progress struct {
	w        io.Writer
	lang     i18n.Lang
	terminal bool
	total    int
	start    time.Time

	mu      sync.Mutex
	base    int // students already done when the run started (--resume)
	done    int
	running int
	shown   bool
	stop    chan struct{}
	stopped chan struct{}
}

func newProgress(w io.Writer, lang i18n.Lang, terminal bool, total, done int) *progress {
	p := &progress{w: w, lang: lang, terminal: terminal, total: total, done: done, start: time.Now(),
		stop: make(chan struct{}), stopped: make(chan struct{})}
	p.base = done
	go p.tick()
	return p
}

func (p *progress) tick() {
	defer close(p.stopped)
	if !p.terminal {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.drawLocked()
			p.mu.Unlock()
		}
	}
}

// set records how many students are being graded now.
func (p *progress) set(running int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = running
	p.drawLocked()
}

// finished prints a line about a student, counts it done, and records how
// many are being graded now.
func (p *progress) finished(line string, running int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.running = running
	p.clearLocked()
	fmt.Fprintln(p.w, line)
	p.drawLocked()
}

// say prints a line above the progress line.
func (p *progress) say(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintln(p.w, line)
	p.drawLocked()
}

// close removes the progress line.
func (p *progress) close() {
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *progress) clearLocked() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progress) drawLocked() {
	if !p.terminal {
		return
	}
	p.clearLocked()
	fmt.Fprint(p.w, p.lineLocked(time.Now()))
	p.shown = true
}

// lineLocked is the progress line: "graded 12/40 · running 6 · left 22 ·
// about 3 min left".
func (p *progress) lineLocked(now time.Time) string {
	left := p.total - p.done - p.running
	s := i18n.M("graded %d/%d · running %d · left %d", p.done, p.total, p.running, left).In(p.lang)
	s = report.Bar(p.done, p.total, 20) + " " + s
	if eta, ok := p.etaLocked(now); ok {
		s += " · " + i18n.M("about %v left", fmtETA(eta, p.lang)).In(p.lang)
	}
	return s
}

// etaLocked estimates the time left from the students finished in this run
// (those kept by --resume took no time).
func (p *progress) etaLocked(now time.Time) (time.Duration, bool) {
	finished := p.done - p.base
	if finished <= 0 {
		return 0, false
	}
	per := now.Sub(p.start) / time.Duration(finished)
	left := p.total - p.done
	return per * time.Duration(left), true
}

func fmtETA(d time.Duration, lang i18n.Lang) string {
	switch {
	case d < time.Minute:
		return i18n.M("%d s", int(d.Seconds()+0.5)).In(lang)
	case d < time.Hour:
		return i18n.M("%d min", int(d.Minutes()+0.5)).In(lang)
	}
	return i18n.M("%d h %d min", int(d.Hours()), int(d.Minutes())%60).In(lang)
}
