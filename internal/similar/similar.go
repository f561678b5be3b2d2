// Package similar finds the submissions of one exercise whose code is
// suspiciously alike, the way MOSS, JPlag and Dolos do, on this machine and
// without sending anyone's code anywhere.
//
// # Method
//
//  1. Tokens. Each Go file is read with go/scanner. Comments, the package
//     clause and the imports are dropped, and the tokens are normalised so
//     that a copy does not hide behind new names: every identifier the
//     author chose (variables, functions, types, fields) becomes one symbol;
//     a name qualified by an imported package keeps its import path and name
//     (os.ReadDir, however os was imported); Go's predeclared names (len,
//     nil, int, error...), keywords and operators stay as they are; every
//     literal becomes its kind (a STRING, an INT). Layout and comments
//     vanish with the scanner.
//  2. The stub is not evidence. Every k-gram (K consecutive tokens) of the
//     handed-out stub is hashed; every token of a submission that lies in a
//     k-gram found in the stub is the stub's code, not the student's. The
//     rest is the submission's own code ([Result.Own]).
//  3. Code most of the class writes is not evidence either. A k-gram of own
//     code found in more than [Options.Common] of the submissions (and in at
//     least 4) is what the exercise makes everyone write (MOSS's -m option)
//     and is left out too. What remains is cut into runs where stub or
//     common code stood; a run shorter than K, a small edit between stub
//     lines, cannot match and is left out. The rest is compared
//     ([Pair.TokensA]).
//  4. Winnowed fingerprints (Schleimer, Wilkerson and Aiken, SIGMOD 2003,
//     the method of MOSS): the k-grams of the compared runs are hashed, and
//     in every window of W consecutive hashes the smallest is kept. Any
//     passage of at least K+W-1 compared tokens that two submissions share
//     is guaranteed to give them a common fingerprint; shorter ones may.
//     Fingerprints do not care where a passage stands, so reordering the
//     functions does not hide a copy.
//  5. Passages. Every fingerprint two submissions share is a seed: the
//     tokens are compared (a hash may collide) and the match is extended both
//     ways as long as the tokens agree, within one run. The matches are then
//     tiled, longest first, so that no token counts twice (JPlag's greedy
//     string tiling). Each tile is a passage, with its line ranges in both
//     submissions.
//  6. Scores. A pair's Score is the share of both submissions' compared
//     tokens that lie in passages, 2·matched / (tokensA + tokensB), from 0
//     to 1 (JPlag's average similarity, Dolos's similarity). Max is matched
//     / the smaller count: near 1 when one submission is almost all inside
//     the other, however much the other added (padding a copy with code of
//     one's own lowers Score, not Max).
//
// # Thresholds
//
// The defaults, K = 12 tokens (about a line and a half of Go) and W = 8,
// find every shared passage of 19 tokens or more (two to three lines).
// A pair is Suspicious when its passages hold at least 60 tokens (about
// eight lines) and either its Score is at least 0.5 or its Max at least
// 0.8: half of what two students wrote themselves, in long stretches token
// for token, or nearly all of what one of them wrote, is not what two
// people write independently, even for a small exercise; the 60 tokens keep
// a student who wrote a few lines of their own from being flagged for them.
// On the test set in testdata (independent solutions of lessons 01 and 08,
// and in each a copy of one of them with every name changed, the functions
// in another order and new comments), honest pairs score at most 0.18
// (0.34 when no common code is left out) and the planted pairs 0.92 and
// 0.97; `go test -v -run Planted ./internal/similar` logs every pair.
//
// A score is a reason to look at the passages side by side, never a verdict.
// What token fingerprints cannot see: a copy rewritten statement by
// statement (loops turned inside out, a statement inserted between every
// two lines), and two students who copied from a third source the class
// also used (that is common code).
package similar

import (
	"container/heap"
	"encoding/binary"
	"hash/fnv"
	"math"
	"sort"
	"strings"
)

// File is one source file of a submission.
type File struct {
	// Name is the file's slash path inside the lesson's folder
	// ("main.go", "server/main.go"), as reports show it.
	Name string
	Src  []byte
}

// Submission is one student's code for one exercise.
type Submission struct {
	Name  string
	Files []File
}

// Options are the parameters of a comparison. The zero value of a field
// means its default.
type Options struct {
	// K is the length of a k-gram in tokens (12).
	K int `json:"k"`
	// W is the winnowing window in k-grams (8).
	W int `json:"w"`
	// Common is the share of submissions above which a k-gram is the
	// exercise's common code and left out (0.5); it must also be in at
	// least 4 submissions.
	Common float64 `json:"common"`
	// Threshold is the Score at or above which a pair is Suspicious (0.5).
	Threshold float64 `json:"threshold"`
	// MaxThreshold is the Max at or above which a pair is Suspicious
	// (0.8).
	MaxThreshold float64 `json:"max_threshold"`
	// MinMatched is the number of matched tokens a Suspicious pair needs
	// at least (60).
	MinMatched int `json:"min_matched"`
}

func (o Options) withDefaults() Options {
	if o.K <= 0 {
		o.K = 12
	}
	if o.W <= 0 {
		o.W = 8
	}
	if o.Common <= 0 {
		o.Common = 0.5
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.5
	}
	if o.MaxThreshold <= 0 {
		o.MaxThreshold = 0.8
	}
	if o.MinMatched <= 0 {
		o.MinMatched = 60
	}
	return o
}

// Result is the comparison of the submissions of one exercise.
type Result struct {
	// Pairs holds every pair that shares at least one passage, the highest
	// Score first.
	Pairs []Pair `json:"pairs"`
	// Own is the number of tokens each submission wrote itself (not the
	// stub's), by submission name.
	Own map[string]int `json:"own_tokens"`
	// Empty names the submissions with too little code of their own to
	// compare (the stub as handed out, or nearly), in the order given.
	Empty []string `json:"empty,omitempty"`
	// Options are the parameters used, defaults filled in.
	Options Options `json:"options"`
}

// Suspicious returns the pairs flagged as suspicious, the highest first.
func (r Result) Suspicious() []Pair {
	var out []Pair
	for _, p := range r.Pairs {
		if p.Suspicious {
			out = append(out, p)
		}
	}
	return out
}

// Pair is two submissions that share passages.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
	// Score is the share of both submissions' own tokens inside shared
	// passages, 0 to 1.
	Score float64 `json:"score"`
	// Max is the share of the smaller submission's own tokens inside
	// shared passages, 0 to 1.
	Max float64 `json:"max"`
	// Matched is the number of tokens in the passages (on each side).
	Matched int `json:"matched"`
	// TokensA and TokensB are the two submissions' compared tokens: their
	// own code less what most of the class wrote the same way.
	TokensA int `json:"tokens_a"`
	TokensB int `json:"tokens_b"`
	// Suspicious says that Matched and Score or Max reach the thresholds.
	Suspicious bool `json:"suspicious"`
	// Passages are the shared passages, in A's order.
	Passages []Passage `json:"passages"`
}

// Passage is one stretch of code two submissions share token for token
// (after normalisation).
type Passage struct {
	A      Span `json:"a"`
	B      Span `json:"b"`
	Tokens int  `json:"tokens"`
}

// Span is a range of whole lines of one file.
type Span struct {
	File string `json:"file"`
	// Start and End are line numbers, 1-based, End included.
	Start int `json:"start"`
	End   int `json:"end"`
	// Code is the text of those lines.
	Code string `json:"code"`
}

// tok is one token of a submission.
type tok struct {
	sym  int // the normalised token, an index into the comparison's symbols
	file int // index into the submission's files
	line int
	stub bool // the token lies in a k-gram of the stub
	// seg numbers the run of compared code the token is in; -1 for the
	// stub's code and the code most of the class shares.
	seg int
}

type doc struct {
	name     string
	files    []File
	lines    [][]string // each file's lines, for spans
	toks     []tok
	own      int // tokens not the stub's
	compared int // tokens not the stub's and not common
	fps      []fingerprint
}

type fingerprint struct {
	hash uint64
	pos  int // index of the k-gram's first token in doc.toks
}

// Compare compares every pair of submissions of one exercise whose stub (as
// handed out) is stub.
func Compare(stub []File, subs []Submission, opt Options) Result {
	opt = opt.withDefaults()
	syms := map[string]int{}
	tokenize := func(files []File) ([]tok, [][]string) {
		var toks []tok
		var lines [][]string
		for fi, f := range files {
			for _, l := range lex(f.Src) {
				id, ok := syms[l.text]
				if !ok {
					id = len(syms)
					syms[l.text] = id
				}
				toks = append(toks, tok{sym: id, file: fi, line: l.line})
			}
			lines = append(lines, strings.Split(string(f.Src), "\n"))
		}
		return toks, lines
	}
	all := func(tok) bool { return true }
	notStub := func(t tok) bool { return !t.stub }
	compared := func(t tok) bool { return t.seg >= 0 }

	stubToks, _ := tokenize(stub)
	stubGrams := map[uint64]bool{}
	forGrams(stubToks, opt.K, all, func(i int, h uint64) { stubGrams[h] = true })

	res := Result{Own: map[string]int{}, Options: opt}
	var docs []*doc
	for _, s := range subs {
		d := &doc{name: s.Name, files: s.Files}
		d.toks, d.lines = tokenize(s.Files)
		forGrams(d.toks, opt.K, all, func(i int, h uint64) {
			if stubGrams[h] {
				for j := i; j < i+opt.K; j++ {
					d.toks[j].stub = true
				}
			}
		})
		for _, t := range d.toks {
			if !t.stub {
				d.own++
			}
		}
		res.Own[s.Name] = d.own
		if d.own < opt.K+opt.W-1 {
			res.Empty = append(res.Empty, s.Name)
			continue
		}
		docs = append(docs, d)
	}

	// Code most of the class wrote the same way is common: count in how
	// many submissions each k-gram of own code is.
	holders := map[uint64]int{}
	for _, d := range docs {
		mine := map[uint64]bool{}
		forGrams(d.toks, opt.K, notStub, func(i int, h uint64) { mine[h] = true })
		for h := range mine {
			holders[h]++
		}
	}
	for _, d := range docs {
		common := make([]bool, len(d.toks))
		forGrams(d.toks, opt.K, notStub, func(i int, h uint64) {
			if n := holders[h]; n >= 4 && float64(n) > opt.Common*float64(len(docs)) {
				for j := i; j < i+opt.K; j++ {
					common[j] = true
				}
			}
		})
		d.segment(common, opt.K)
		d.winnow(opt.K, opt.W, compared)
	}

	// Seeds: the positions (in A, in B) of each fingerprint two
	// submissions share.
	type pairKey struct{ a, b int }
	index := map[uint64][][2]int{} // hash → (doc, position)
	for di, d := range docs {
		kept := map[uint64]int{}
		for _, fp := range d.fps {
			// A few places per fingerprint are seeds enough: the match
			// grows from any of them. More would let a file of one line
			// repeated make seeds by the million.
			if kept[fp.hash] < maxSeedsPerFingerprint {
				kept[fp.hash]++
				index[fp.hash] = append(index[fp.hash], [2]int{di, fp.pos})
			}
		}
	}
	seeds := map[pairKey][][2]int{}
	for _, occ := range index {
		for x := 0; x < len(occ); x++ {
			for y := x + 1; y < len(occ); y++ {
				a, b := occ[x], occ[y]
				if a[0] == b[0] {
					continue
				}
				if a[0] > b[0] {
					a, b = b, a
				}
				k := pairKey{a[0], b[0]}
				seeds[k] = append(seeds[k], [2]int{a[1], b[1]})
			}
		}
	}
	for k, ss := range seeds {
		p := pair(docs[k.a], docs[k.b], ss, opt)
		if p.Matched > 0 {
			res.Pairs = append(res.Pairs, p)
		}
	}
	sort.Slice(res.Pairs, func(i, j int) bool {
		pi, pj := res.Pairs[i], res.Pairs[j]
		if pi.Score != pj.Score {
			return pi.Score > pj.Score
		}
		if pi.A != pj.A {
			return pi.A < pj.A
		}
		return pi.B < pj.B
	})
	return res
}

// segment numbers the runs of tokens that are neither the stub's nor
// common, within one file. A run shorter than k cannot be matched, so it is
// not compared either: it is a small edit between stub or common lines.
func (d *doc) segment(common []bool, k int) {
	seg, start := 0, 0
	end := func(i int) { // the run start..i-1 ends
		if n := i - start; n > 0 && n < k {
			for j := start; j < i; j++ {
				d.toks[j].seg = -1
			}
			d.compared -= n
		}
	}
	for i := range d.toks {
		if d.toks[i].stub || common[i] {
			if i > 0 && d.toks[i-1].seg >= 0 {
				end(i)
			}
			d.toks[i].seg = -1
			continue
		}
		if i == 0 || d.toks[i-1].seg < 0 || d.toks[i-1].file != d.toks[i].file {
			if i > 0 && d.toks[i-1].seg >= 0 {
				end(i)
			}
			seg++
			start = i
		}
		d.toks[i].seg = seg
		d.compared++
	}
	if len(d.toks) > 0 && d.toks[len(d.toks)-1].seg >= 0 {
		end(len(d.toks))
	}
}

// forGrams calls f with the start and hash of every k-gram of toks whose
// tokens are all in one file and all pass keep.
func forGrams(toks []tok, k int, keep func(tok) bool, f func(i int, h uint64)) {
	var buf [4]byte
next:
	for i := 0; i+k <= len(toks); i++ {
		for _, t := range toks[i : i+k] {
			if t.file != toks[i].file || !keep(t) {
				continue next
			}
		}
		h := fnv.New64a()
		for _, t := range toks[i : i+k] {
			binary.LittleEndian.PutUint32(buf[:], uint32(t.sym))
			_, _ = h.Write(buf[:])
		}
		f(i, h.Sum64())
	}
}

// winnow keeps, in every window of w consecutive k-grams whose tokens pass
// keep, the one with the smallest hash (the rightmost on a tie), once.
func (d *doc) winnow(k, w int, keep func(tok) bool) {
	type gram struct {
		pos  int
		hash uint64
	}
	var run []gram // consecutive k-grams: one file, one segment
	flush := func() {
		last := -1
		for start := 0; start < len(run); start++ {
			end := min(start+w, len(run))
			best := start
			for j := start; j < end; j++ {
				if run[j].hash <= run[best].hash {
					best = j
				}
			}
			if best != last {
				d.fps = append(d.fps, fingerprint{hash: run[best].hash, pos: run[best].pos})
				last = best
			}
			if end == len(run) {
				break
			}
		}
		run = run[:0]
	}
	forGrams(d.toks, k, keep, func(i int, h uint64) {
		if len(run) > 0 && run[len(run)-1].pos != i-1 {
			flush()
		}
		run = append(run, gram{i, h})
	})
	flush()
}

// match is a run of equal tokens: a[i:i+n] and b[j:j+n].
type match struct{ i, j, n int }

// pair extends the seeds of two documents into maximal matches, tiles them
// and scores the pair.
func pair(a, b *doc, seeds [][2]int, opt Options) Pair {
	same := func(i, j int) bool {
		ta, tb := a.toks[i], b.toks[j]
		return ta.seg >= 0 && tb.seg >= 0 && ta.sym == tb.sym
	}
	seen := map[match]bool{}
	var cands []match
	for _, s := range seeds {
		i, j := s[0], s[1]
		ok := true
		for t := 0; t < opt.K; t++ {
			if !same(i+t, j+t) {
				ok = false // a hash collision
				break
			}
		}
		if !ok {
			continue
		}
		segA, segB := a.toks[i].seg, b.toks[j].seg
		for i > 0 && j > 0 && a.toks[i-1].seg == segA && b.toks[j-1].seg == segB && same(i-1, j-1) {
			i, j = i-1, j-1
		}
		n := opt.K
		for i+n < len(a.toks) && j+n < len(b.toks) && a.toks[i+n].seg == segA && b.toks[j+n].seg == segB && same(i+n, j+n) {
			n++
		}
		m := match{i, j, n}
		if !seen[m] {
			seen[m] = true
			cands = append(cands, m)
		}
	}

	// Greedy tiling: take the longest match whose tokens are still free on
	// both sides, trimmed to its longest free stretch, until none of at
	// least K tokens is left.
	usedA := make([]bool, len(a.toks))
	usedB := make([]bool, len(b.toks))
	free := func(m match) match {
		best, cur := match{}, match{}
		for t := 0; t < m.n; t++ {
			if usedA[m.i+t] || usedB[m.j+t] {
				cur = match{}
				continue
			}
			if cur.n == 0 {
				cur = match{m.i + t, m.j + t, 0}
			}
			cur.n++
			if cur.n > best.n {
				best = cur
			}
		}
		return best
	}
	// Lazily: a candidate's free length only shrinks as tiles are laid, so
	// the one on top of the heap whose length is still what it was queued
	// with is the longest.
	queue := &tileQueue{}
	for _, c := range cands {
		heap.Push(queue, tileItem{cand: c, free: c})
	}
	var tiles []match
	for queue.Len() > 0 {
		it := heap.Pop(queue).(tileItem)
		f := free(it.cand)
		if f.n < opt.K {
			continue
		}
		if f != it.free {
			it.free = f
			heap.Push(queue, it)
			continue
		}
		for t := 0; t < f.n; t++ {
			usedA[f.i+t], usedB[f.j+t] = true, true
		}
		tiles = append(tiles, f)
	}
	sort.Slice(tiles, func(x, y int) bool { return tiles[x].i < tiles[y].i })

	p := Pair{A: a.name, B: b.name, TokensA: a.compared, TokensB: b.compared}
	for _, m := range tiles {
		p.Matched += m.n
		p.Passages = append(p.Passages, Passage{
			A:      a.span(m.i, m.n),
			B:      b.span(m.j, m.n),
			Tokens: m.n,
		})
	}
	if p.Matched > 0 {
		p.Score = round(2 * float64(p.Matched) / float64(a.compared+b.compared))
		p.Max = round(float64(p.Matched) / float64(min(a.compared, b.compared)))
	}
	p.Suspicious = p.Matched >= opt.MinMatched && (p.Score >= opt.Threshold || p.Max >= opt.MaxThreshold)
	return p
}

// maxSeedsPerFingerprint bounds the places of one fingerprint in one
// submission that are tried as seeds.
const maxSeedsPerFingerprint = 4

// tileItem is a candidate match and the longest stretch of it still free
// when it was queued.
type tileItem struct{ cand, free match }

// tileQueue is a heap of candidates, the longest free stretch first (then
// the earliest, for a stable result).
type tileQueue []tileItem

func (q tileQueue) Len() int { return len(q) }
func (q tileQueue) Less(x, y int) bool {
	a, b := q[x].free, q[y].free
	if a.n != b.n {
		return a.n > b.n
	}
	if a.i != b.i {
		return a.i < b.i
	}
	return a.j < b.j
}
func (q tileQueue) Swap(x, y int) { q[x], q[y] = q[y], q[x] }
func (q *tileQueue) Push(x any)   { *q = append(*q, x.(tileItem)) }
func (q *tileQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// round keeps three decimals, so that scores print and compare stably.
func round(x float64) float64 { return math.Round(x*1000) / 1000 }

// span is the lines that tokens i..i+n-1 of d lie on.
func (d *doc) span(i, n int) Span {
	first, last := d.toks[i], d.toks[i+n-1]
	lines := d.lines[first.file]
	start, end := first.line, last.line
	code := ""
	if start >= 1 && end <= len(lines) {
		code = strings.Join(lines[start-1:end], "\n")
	}
	return Span{File: d.files[first.file].Name, Start: start, End: end, Code: code}
}
