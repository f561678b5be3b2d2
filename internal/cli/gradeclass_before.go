package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"forkroom/internal/gradebook"
)

// Limits on a checkout, against a repository made to fill the disk.
const (
	checkoutMaxFiles = 20000
	checkoutMaxBytes = 256 << 20
	gitTimeout       = 2 * time.Minute
)

// deadlineLayouts are the forms --before accepts, besides RFC 3339; a time
// without a zone is local.
var deadlineLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// parseDeadline reads --before.
func parseDeadline(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range deadlineLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--before %s: want a time such as 2026-03-01T23:59:00+08:00 or \"2026-03-01 23:59\" (local time)", s)
}

// commit is one commit of a submission's history.
type commit struct {
	hash string
	when time.Time
}

// checkoutBefore copies into a new private folder the files of the last
// commit of the git repository at dir dated before deadline, and says how
// late the submission is. The student's repository is only read: git reads
// its objects (no checkout, no hooks, no filters), and the checker writes
// the files itself. A missing commit before the deadline is not an error:
// root is then empty.
func (s *supervisor) checkoutBefore(ctx context.Context, dir string, deadline time.Time) (root string, late *gradebook.Lateness, err error) {
	gitDir := filepath.Join(dir, ".git")
	if _, err := os.Stat(gitDir); err != nil {
		return "", nil, errorf("%s is not a git repository (--before grades each submission as of a commit)", dir)
	}
	out, err := s.git(ctx, gitDir, nil, "log", "--format=%H %ct", "HEAD")
	if err != nil {
		return "", nil, errorf("could not read the history of %s: %v", dir, err.Error())
	}
	var commits []commit
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		sec, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		commits = append(commits, commit{hash: f[0], when: time.Unix(sec, 0).UTC()})
	}
	if len(commits) == 0 {
		return "", nil, errorf("%s has no commits", dir)
	}
	late = &gradebook.Lateness{}
	var graded *commit
	var last time.Time
	for i, c := range commits {
		if c.when.After(last) {
			last = c.when
		}
		if c.when.After(deadline) {
			late.LateCommits++
			continue
		}
		if graded == nil {
			// git log lists from HEAD backwards: the first one dated
			// before the deadline is what `git rev-list -1 --before` picks.
			graded = &commits[i]
		}
	}
	late.LastCommitTime = &last
	if graded == nil {
		return "", late, nil
	}
	when := graded.when
	late.Commit, late.CommitTime = graded.hash, &when
	root, err = os.MkdirTemp("", "forkroom-checkout-")
	if err != nil {
		return "", late, fmt.Errorf("making a private copy: %w", err)
	}
	if err := s.extractTree(ctx, gitDir, graded.hash, root); err != nil {
		os.RemoveAll(root)
		return "", late, errorf("could not copy commit %s of %s: %v", graded.hash[:min(12, len(graded.hash))], dir, err.Error())
	}
	return root, late, nil
}

// treeEntry is one file of a commit.
type treeEntry struct {
	mode, hash, path string
}

// extractTree writes the regular files of a commit's tree into root. Symbolic
// links and submodules are left out; a path that would leave root or enter a
// .git folder is refused.
func (s *supervisor) extractTree(ctx context.Context, gitDir, rev, root string) error {
	out, err := s.git(ctx, gitDir, nil, "ls-tree", "-r", "-z", "--full-tree", rev)
	if err != nil {
		return err
	}
	var files []treeEntry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := strings.Cut(string(rec), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return fmt.Errorf("unexpected ls-tree line %q", rec)
		}
		if f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") {
			continue // symbolic links (120000), submodules (commit)
		}
		if !safeTreePath(p) {
			return fmt.Errorf("unsafe path %q in the commit", p)
		}
		files = append(files, treeEntry{mode: f[0], hash: f[2], path: p})
	}
	if len(files) > checkoutMaxFiles {
		return fmt.Errorf("%d files, more than %d", len(files), checkoutMaxFiles)
	}
	var in bytes.Buffer
	for _, f := range files {
		in.WriteString(f.hash + "\n")
	}
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := gitCommand(ctx, gitDir, "cat-file", "--batch")
	cmd.Stdin = &in
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := s.start(cmd); err != nil {
		return err
	}
	werr := writeBlobs(bufio.NewReader(pipe), files, root)
	if werr != nil {
		_ = cmd.Process.Kill()
	}
	err = s.wait(cmd)
	if werr != nil {
		return werr
	}
	return err
}

// writeBlobs reads `git cat-file --batch` output, one blob per file, and
// writes the files.
func writeBlobs(r *bufio.Reader, files []treeEntry, root string) error {
	total := int64(0)
	for _, f := range files {
		header, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("reading %s: %w", f.path, err)
		}
		h := strings.Fields(header)
		if len(h) != 3 || h[0] != f.hash || h[1] != "blob" {
			return fmt.Errorf("reading %s: unexpected %q", f.path, strings.TrimSpace(header))
		}
		size, err := strconv.ParseInt(h[2], 10, 64)
		if err != nil || size < 0 {
			return fmt.Errorf("reading %s: bad size %q", f.path, h[2])
		}
		total += size
		if total > checkoutMaxBytes {
			return fmt.Errorf("more than %d MiB of files", checkoutMaxBytes>>20)
		}
		dst := filepath.Join(root, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		perm := os.FileMode(0o644)
		if f.mode == "100755" {
			perm = 0o755
		}
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err != nil {
			return err
		}
		_, err = io.CopyN(out, r, size)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", f.path, err)
		}
		if b, err := r.ReadByte(); err != nil || b != '\n' {
			return fmt.Errorf("reading %s: no newline after the blob", f.path)
		}
	}
	return nil
}

// safeTreePath reports whether a path of a git tree stays inside the folder
// it is written to and out of any .git folder.
func safeTreePath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." || strings.EqualFold(part, ".git") {
			return false
		}
	}
	return true
}

// gitCommand is git on the repository at gitDir only (never one found above
// it), without prompts, the system configuration, or a file-system monitor.
func gitCommand(ctx context.Context, gitDir string, args ...string) *exec.Cmd {
	full := append([]string{"--git-dir", gitDir, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_CONFIG_NOSYSTEM=1", "GIT_OPTIONAL_LOCKS=0")
	return cmd
}

// git runs git and returns its standard output.
func (s *supervisor) git(ctx context.Context, gitDir string, stdin io.Reader, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := gitCommand(ctx, gitDir, args...)
	cmd.Stdin = stdin
	var out bytes.Buffer
	errOut := &headBuffer{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = &out, errOut
	if err := s.start(cmd); err != nil {
		return nil, err
	}
	if err := s.wait(cmd); err != nil {
		if msg := strings.TrimSpace(errOut.buf.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", args[0], msg)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out.Bytes(), nil
}

// start starts a command of the checker's own (git), recorded so that the
// sweep after a worker does not take it for an orphan.
func (s *supervisor) start(cmd *exec.Cmd) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	s.mine[cmd.Process.Pid] = true
	return nil
}

func (s *supervisor) wait(cmd *exec.Cmd) error {
	err := cmd.Wait()
	s.mu.Lock()
	delete(s.mine, cmd.Process.Pid)
	s.mu.Unlock()
	return err
}
