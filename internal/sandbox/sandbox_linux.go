package sandbox

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// setupTimeout bounds the making of a sandbox.
const setupTimeout = 10 * time.Second

// callTimeout bounds a request to the sandbox's parent (start a program,
// send a signal, make a socket): it answers in milliseconds.
var callTimeout = 5 * time.Second

// closeTimeout bounds the end of a sandbox: the kernel kills everything in
// it when PID 1 dies, and PID 1 is reaped once they are all gone.
const closeTimeout = 10 * time.Second

// Sandbox is one running sandbox: its PID 1 (the checker's child), the checker's end
// of the control channel, and the programs started in it.
type Sandbox struct {
	cmd      *exec.Cmd
	conn     *net.UnixConn
	root     string        // the empty host folder the new root is mounted on
	parent   int           // the checker's process in the sandbox, its pid there
	initDone chan struct{} // closed when PID 1 has been reaped
	connDone chan struct{} // closed when the control channel has ended

	wmu sync.Mutex // one message at a time

	mu      sync.Mutex
	nextID  int
	pending map[int]*request
	procs   map[int]*Process // by pid inside, until they end
	closed  bool
}

type request struct {
	start bool // a start: the reply makes a Process
	done  chan struct{}
	m     message
	files []*os.File
	p     *Process
	err   error
}

// User returns the user and group ids, on the host, that a sandbox's
// programs run as: the checker's own, or nobody's (65534) when the checker
// runs as root, so that the limit on processes applies (the kernel exempts
// root from it). Files a program must be able to change, such as the
// check's temporary folder, must belong to this user.
func User() (uid, gid int) {
	uid, gid = os.Getuid(), os.Getgid()
	if uid == 0 {
		return 65534, 65534
	}
	return uid, gid
}

// New makes a sandbox: it starts a new PID 1 in new user, PID, mount,
// network, IPC and UTS namespaces and waits until it has built the
// sandbox's file system and network. Close it when done.
func New(cfg Config) (*Sandbox, error) {
	for _, d := range append(append([]string(nil), cfg.Writable...), cfg.ReadOnly...) {
		if !strings.HasPrefix(d, "/") {
			return nil, fmt.Errorf("sandbox folder %q is not absolute", d)
		}
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("making the control channel: %w", err)
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "control"), os.NewFile(uintptr(fds[1]), "control")
	defer theirs.Close()
	conn, err := fileConn(ours)
	if err != nil {
		theirs.Close()
		return nil, err
	}
	root, err := os.MkdirTemp("", "forkroom-sandbox-")
	if err != nil {
		conn.Close()
		return nil, err
	}
	s := &Sandbox{conn: conn, root: root, initDone: make(chan struct{}), connDone: make(chan struct{}),
		pending: map[int]*request{}, procs: map[int]*Process{}}

	uid, gid := User()
	asRoot := os.Getuid() == 0
	attr := &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID | syscall.CLONE_NEWNS |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		// The same ids inside as on the host: a program that prints
		// os.Getuid() prints what ps shows outside.
		UidMappings: []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}},
		AmbientCaps: ambientCaps,
		Setsid:      true,
		Pdeathsig:   syscall.SIGKILL,
	}
	if asRoot {
		// PID 1 stays root (root inside, mapped to root), so that it
		// reaches the host's folders to show them, through root-only
		// folders too; the programs run as nobody, without root's groups
		// (PID 1 sets them when it starts each). Only root may map two
		// ids, and allow setgroups.
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}, {ContainerID: uid, HostID: uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}, {ContainerID: gid, HostID: gid, Size: 1}}
		attr.GidMappingsEnableSetgroups = true
		attr.AmbientCaps = nil // root inside keeps its capabilities across execve
	}
	cmd := exec.Command("/proc/self/exe")
	cmd.Args = []string{initName}
	cmd.Env = []string{roleEnv + "=" + roleInit}
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.SysProcAttr = attr
	if os.Getenv("FORKROOM_SANDBOX_DEBUG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		conn.Close()
		os.Remove(root)
		return nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	s.cmd = cmd
	go func() {
		_ = cmd.Wait()
		close(s.initDone)
	}()
	if err := s.setUp(cfg); err != nil {
		_ = s.cmd.Process.Kill()
		<-s.initDone
		conn.Close()
		os.Remove(root)
		return nil, err
	}
	go s.read()
	live.Lock()
	live.boxes[s] = true
	live.Unlock()
	return s, nil
}

// live are the sandboxes of this process that have not been closed.
var live = struct {
	sync.Mutex
	boxes map[*Sandbox]bool
}{boxes: map[*Sandbox]bool{}}

// NetDirs lists the /proc/net folders of every sandbox of this process
// that is still open, for code that looks for a socket without knowing in
// which sandbox (chatprobe.Bound).
func NetDirs() []string {
	live.Lock()
	defer live.Unlock()
	var out []string
	for s := range live.boxes {
		out = append(out, s.NetDir())
	}
	return out
}

func (s *Sandbox) setUp(cfg Config) error {
	m := message{Op: opSetup, Root: s.root, Writable: cfg.Writable, ReadOnly: cfg.ReadOnly, Ifaces: hostInterfaces()}
	if os.Getuid() == 0 {
		m.UID, m.GID = User()
	}
	if err := send(s.conn, m); err != nil {
		return fmt.Errorf("setting the sandbox up: %w", err)
	}
	_ = s.conn.SetReadDeadline(time.Now().Add(setupTimeout))
	m, _, err := recv(s.conn)
	_ = s.conn.SetReadDeadline(time.Time{})
	if err != nil {
		select {
		case <-s.initDone:
			return fmt.Errorf("setting the sandbox up: its PID 1 ended (%v)", s.cmd.ProcessState)
		case <-time.After(100 * time.Millisecond):
		}
		return fmt.Errorf("setting the sandbox up: %w", err)
	}
	if m.Op != opReady {
		return fmt.Errorf("setting the sandbox up: unexpected %q", m.Op)
	}
	if m.Err != "" {
		return fmt.Errorf("setting the sandbox up: %s", m.Err)
	}
	s.parent = m.PID
	return nil
}

// read dispatches the parent's messages until the channel ends; then every
// program still running is reported killed (the sandbox died with them).
func (s *Sandbox) read() {
	defer close(s.connDone)
	for {
		m, files, err := recv(s.conn)
		if err != nil {
			break
		}
		now, mono := time.Now(), monotonic()
		s.mu.Lock()
		switch m.Op {
		case opReply:
			r := s.pending[m.ID]
			delete(s.pending, m.ID)
			if r == nil {
				closeFiles(files)
				break
			}
			r.m, r.files = m, files
			if r.start && m.Err == "" {
				r.p = &Process{PID: m.PID, done: make(chan struct{})}
				s.procs[m.PID] = r.p
			}
			close(r.done)
		case opExit:
			closeFiles(files)
			p := s.procs[m.PID]
			if p == nil {
				break
			}
			delete(s.procs, m.PID)
			p.exit = Exit{Code: m.Code, Signal: syscall.Signal(m.Sig), CPU: time.Duration(m.CPU),
				At: now.Add(-time.Duration(mono - m.Mono))}
			close(p.done)
		default:
			closeFiles(files)
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.closed = true
	for id, r := range s.pending {
		r.err = errEnded
		close(r.done)
		delete(s.pending, id)
	}
	for pid, p := range s.procs {
		p.exit = Exit{Code: -1, Signal: syscall.SIGKILL, At: time.Now()}
		close(p.done)
		delete(s.procs, pid)
	}
	s.mu.Unlock()
}

var errEnded = errors.New("the sandbox has ended")

func closeFiles(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}

// call sends a request and waits for its reply.
func (s *Sandbox) call(m message, start bool, files ...*os.File) (*request, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, errEnded
	}
	s.nextID++
	m.ID = s.nextID
	r := &request{start: start, done: make(chan struct{})}
	s.pending[m.ID] = r
	s.mu.Unlock()
	fds := make([]int, len(files))
	for i, f := range files {
		fds[i] = int(f.Fd())
	}
	s.wmu.Lock()
	err := send(s.conn, m, fds...)
	s.wmu.Unlock()
	if err != nil {
		s.mu.Lock()
		delete(s.pending, m.ID)
		s.mu.Unlock()
		return nil, err
	}
	select {
	case <-r.done:
	case <-time.After(callTimeout):
		// A program may have stopped the parent (SIGSTOP, when it runs as
		// the same user). The sandbox is of no use any more: end it, and
		// everything in it, rather than wait.
		_ = s.cmd.Process.Kill()
		<-r.done
		return nil, fmt.Errorf("the sandbox did not answer within %s, and was ended", callTimeout)
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.m.Err != "" {
		closeFiles(r.files)
		return nil, errors.New(r.m.Err)
	}
	return r, nil
}

// Start runs a program in the sandbox as a child of its PID 1, in a process
// group of its own, under the sandbox's limits and with no capabilities.
func (s *Sandbox) Start(c Cmd) (*Process, error) {
	env := make([]string, 0, len(c.Env))
	for _, kv := range c.Env {
		if !strings.HasPrefix(kv, roleEnv+"=") {
			env = append(env, kv)
		}
	}
	r, err := s.call(message{Op: opStart, Path: c.Path, Args: c.Args, Env: env, Dir: c.Dir}, true, c.Stdin, c.Stdout, c.Stderr)
	if err != nil {
		return nil, err
	}
	return r.p, nil
}

// Signal sends sig to the process pid of the sandbox, or to its process
// group when group is set. Pids are the sandbox's own.
func (s *Sandbox) Signal(pid int, sig syscall.Signal, group bool) error {
	if group {
		pid = -pid
	}
	_, err := s.call(message{Op: opKill, PID: pid, Sig: int(sig)}, false)
	return err
}

// ListenUDP opens a UDP socket bound to addr (port 0: one the system
// picks) in the sandbox's network, where its programs can reach it. The
// socket works from this process like any other.
func (s *Sandbox) ListenUDP(addr netip.AddrPort) (*net.UDPConn, error) {
	r, err := s.call(message{Op: opUDP, Addr: addr.String()}, false)
	if err != nil {
		return nil, err
	}
	if len(r.files) != 1 {
		closeFiles(r.files)
		return nil, fmt.Errorf("the sandbox sent %d sockets, want 1", len(r.files))
	}
	f := r.files[0]
	defer f.Close()
	pc, err := net.FilePacketConn(f)
	if err != nil {
		return nil, err
	}
	uc, ok := pc.(*net.UDPConn)
	if !ok {
		pc.Close()
		return nil, errors.New("the sandbox's socket is not UDP")
	}
	return uc, nil
}

// Procs reads the sandbox's process table: its own /proc, reached through
// PID 1's root, so that every pid in it (pid, parent, group) is the one
// the programs see, and every field is what the kernel shows.
func (s *Sandbox) Procs() proc.Source {
	return procs{proc.Procfs{Root: "/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/root/proc"}}
}

// procs leaves out the Go runtime's pidfd probes (exit signal 0), which
// inside the sandbox can have PID 1 or 2 as their parent: proc.Hidden
// keeps those for the host's init and kthreadd.
type procs struct{ proc.Procfs }

func (p procs) Snapshot() (proc.Snapshot, error) {
	snap, err := p.Procfs.Snapshot()
	for pid, pr := range snap.Procs {
		if pid != 1 && pr.ExitSignal == 0 {
			delete(snap.Procs, pid)
		}
	}
	return snap, err
}

// NetDir is the /proc/net folder of the sandbox's network (udp, tcp…), as
// the checker reaches it.
func (s *Sandbox) NetDir() string {
	return "/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/net"
}

// Parent is the pid, in the sandbox, of the checker's process there: the
// parent of every program started, and the adopter of their orphans (a
// child subreaper), below PID 1. It is ParentPID, unless a thread of PID 1
// took that pid first.
func (s *Sandbox) Parent() int { return s.parent }

// Reset kills every process of the sandbox but PID 1 and the checker's
// process, and reaps them all (the programs' exits are reported as usual),
// zombies and orphans included: the next check starts from a clean
// process table.
func (s *Sandbox) Reset() error {
	_, err := s.call(message{Op: opReset}, false)
	return err
}

// Hide covers a folder of the sandbox (a path inside, such as a finished
// check's folder) with an empty read-only one, for the programs that run
// later; the checker still sees the folder on the host.
func (s *Sandbox) Hide(dir string) error {
	_, err := s.call(message{Op: opHide, Path: dir}, false)
	return err
}

// Ended reports whether the sandbox has ended (closed, or its processes
// gone).
func (s *Sandbox) Ended() bool {
	select {
	case <-s.connDone:
		return true
	default:
		return false
	}
}

// HostPID is PID 1's pid on the host.
func (s *Sandbox) HostPID() int { return s.cmd.Process.Pid }

// Close ends the sandbox: PID 1 is killed and the kernel kills everything
// else in it, zombies and processes that escaped their group included.
// It returns when PID 1 has been reaped.
func (s *Sandbox) Close() error {
	live.Lock()
	delete(live.boxes, s)
	live.Unlock()
	_ = s.cmd.Process.Kill()
	var err error
	select {
	case <-s.initDone:
	case <-time.After(closeTimeout):
		err = fmt.Errorf("the sandbox's PID 1 (pid %d) did not end within %s", s.cmd.Process.Pid, closeTimeout)
	}
	s.conn.Close()
	select {
	case <-s.connDone:
	case <-time.After(time.Second):
	}
	os.Remove(s.root)
	return err
}

// probe makes a sandbox, runs a program in it and reads its process table:
// everything grading needs.
func probe() error {
	s, err := New(Config{})
	if err != nil {
		return unavailable(err)
	}
	defer s.Close()
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return unavailable(err)
	}
	defer null.Close()
	p, err := s.Start(Cmd{Path: "/proc/self/exe", Env: []string{probeEnv + "=1"}, Dir: "/", Stdin: null, Stdout: null, Stderr: null})
	if err != nil {
		return unavailable(err)
	}
	select {
	case <-p.Done():
	case <-time.After(setupTimeout):
		return unavailable(errors.New("a program started in the sandbox did not end"))
	}
	if ex := p.Exit(); ex.Code != 0 {
		return unavailable(fmt.Errorf("a program started in the sandbox ended with status %d, signal %v", ex.Code, ex.Signal))
	}
	snap, err := s.Procs().Snapshot()
	if err != nil {
		return unavailable(err)
	}
	if init, ok := snap.Get(1); !ok || init.Comm != initName {
		return unavailable(errors.New("the sandbox's process table does not show its PID 1"))
	}
	if parent, ok := snap.Get(s.Parent()); !ok || parent.Comm != parentName || parent.PPID != 1 {
		return unavailable(errors.New("the sandbox's process table does not show the checker's process"))
	}
	return nil
}

// unavailable explains a failure to make a sandbox, with the fix that
// applies here.
func unavailable(err error) *UnavailableError {
	if v, _ := os.ReadFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"); strings.TrimSpace(string(v)) == "1" {
		return &UnavailableError{Cause: err, Msg: i18n.M("the sandbox cannot be made: AppArmor forbids unprivileged user namespaces (%v); allow them with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or grade inside the course's dev container", err.Error())}
	}
	if v, _ := os.ReadFile("/proc/sys/kernel/unprivileged_userns_clone"); strings.TrimSpace(string(v)) == "0" {
		return &UnavailableError{Cause: err, Msg: i18n.M("the sandbox cannot be made: the kernel forbids unprivileged user namespaces (%v); allow them with `sudo sysctl -w kernel.unprivileged_userns_clone=1`, or grade inside the course's dev container", err.Error())}
	}
	return &UnavailableError{Cause: err, Msg: i18n.M("the sandbox cannot be made: %v; allow unprivileged user namespaces (on Ubuntu 24.04: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`), or grade inside the course's dev container", err.Error())}
}
