package sandbox

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// roleEnv is the marker in the environment that makes the checker's binary
// (or a test binary that links this package) play a part of the sandbox
// instead of running main: see init.
const roleEnv = "FORKROOM_SANDBOX_ROLE"

// The roles.
const (
	roleInit   = "init"   // PID 1 of a new sandbox: builds it, then waits
	roleParent = "parent" // the checker's process in it: starts the programs
)

// idsEnv passes the programs' user and group ids to the parent, when they
// are not its own: "65534:65534".
const idsEnv = "FORKROOM_SANDBOX_IDS"

// probeEnv makes the binary exit 0 at once: the program Available runs in a
// sandbox to see that programs can be started there.
const probeEnv = "FORKROOM_SANDBOX_PROBE"

// The command names of the sandbox's two processes, as the process table
// (and pictures of it) shows them.
const (
	initName   = "forkroom-init"
	parentName = "checker"
)

func init() {
	switch os.Getenv(roleEnv) {
	case roleInit:
		runInit()
	case roleParent:
		runParent()
	}
	if os.Getenv(probeEnv) == "1" {
		os.Exit(0)
	}
}

// ambientCaps are the capabilities PID 1 keeps (and passes on to the
// parent), inside its own user namespace only, to build the sandbox:
// mounts and pivot_root, bringing the network up, the user-namespace
// limit, and emptying the capability bounding set of the thread that
// starts the programs.
var ambientCaps = []uintptr{unix.CAP_SYS_ADMIN, unix.CAP_NET_ADMIN, unix.CAP_SYS_RESOURCE, unix.CAP_SETPCAP}

// runInit is PID 1 of the sandbox. It builds the sandbox, starts the
// parent (runParent) and hands it the control channel, then reaps what
// comes to it until the parent ends, and ends with it: the kernel then
// kills everything left in the namespace. It never returns.
func runInit() {
	// Init runs on the main thread, whose name is the process's.
	setName(initName)
	// Not dumpable: a program of the same user cannot ptrace it or read
	// its /proc entries (mem, environ, fd, root).
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	syscall.CloseOnExec(3)
	// PID 1 of a namespace only gets the signals it handles; handle them
	// all and do nothing, so that a program that signals -1 or 1 does not
	// end the sandbox. SIGKILL and SIGSTOP from inside never reach PID 1.
	signal.Notify(make(chan os.Signal, 1))
	dup, err := unix.FcntlInt(3, unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		os.Exit(3)
	}
	conn, err := fileConn(os.NewFile(uintptr(dup), "control"))
	if err != nil {
		os.Exit(3)
	}
	m, _, err := recv(conn)
	if err != nil || m.Op != opSetup {
		os.Exit(3)
	}
	fail := func(err error) {
		_ = send(conn, message{Op: opReady, Err: err.Error()})
		os.Exit(1)
	}
	if err := setUp(m); err != nil {
		fail(err)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fail(err)
	}
	env := []string{roleEnv + "=" + roleParent}
	if m.UID != 0 {
		env = append(env, fmt.Sprintf("%s=%d:%d", idsEnv, m.UID, m.GID))
	}
	parent, err := startParent(env, null.Fd())
	if err != nil {
		fail(fmt.Errorf("starting the checker's process: %w", err))
	}
	null.Close()
	conn.Close()
	unix.Close(3) // the parent has the channel now
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if pid == parent || errors.Is(err, syscall.ECHILD) {
			os.Exit(0)
		}
	}
}

// startParent starts the parent, with the pid ParentPID where it can (the
// next pid of a PID namespace can be set, ns_last_pid): a round number,
// far from 1, that reads as the checker's in pictures.
func startParent(env []string, null uintptr) (int, error) {
	warmThreads(4)
	// Best effort: a thread of PID 1 started in between takes the pid,
	// and the parent has the next one.
	_ = os.WriteFile("/proc/sys/kernel/ns_last_pid", []byte(fmt.Sprint(ParentPID-1)), 0)
	return syscall.ForkExec("/proc/self/exe", []string{parentName}, &syscall.ProcAttr{
		Dir: "/", Env: env, Files: []uintptr{null, null, null, 3},
	})
}

// runParent is the checker's process in the sandbox, child of PID 1: it
// starts the programs, so it is their parent, and it is a child subreaper,
// so it adopts their orphans, as the checker does outside. It serves the
// checker's requests until the control channel ends. It never returns.
func runParent() {
	setName(parentName)
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		os.Exit(3)
	}
	syscall.CloseOnExec(3)
	// Catch every signal that can be caught, and ignore it.
	sigs := make(chan os.Signal, 64)
	signal.Notify(sigs)
	conn, err := fileConn(os.NewFile(3, "control"))
	if err != nil {
		os.Exit(3)
	}
	a := &inside{conn: conn, tracked: map[int]bool{}, recheck: make(chan struct{}, 1), spawns: make(chan spawnRequest)}
	if ids := os.Getenv(idsEnv); ids != "" {
		var uid, gid uint32
		if _, err := fmt.Sscanf(ids, "%d:%d", &uid, &gid); err != nil {
			_ = send(conn, message{Op: opReady, Err: "bad " + idsEnv})
			os.Exit(1)
		}
		a.cred = &syscall.Credential{Uid: uid, Gid: gid, Groups: []uint32{}}
	}
	warmThreads(8)
	if err := limit(); err != nil {
		_ = send(conn, message{Op: opReady, Err: err.Error()})
		os.Exit(1)
	}
	go a.spawn(a.spawns)
	if err := send(conn, message{Op: opReady, PID: os.Getpid()}); err != nil {
		os.Exit(1)
	}
	go a.reap(sigs)
	a.serve()
	os.Exit(0)
}

// setUp builds the sandbox's world: a private mount tree with a read-only
// root, /proc of the new PID namespace, the check's folders, lo up.
func setUp(m message) error {
	// Nothing done here propagates back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	root := m.Root
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=4m"); err != nil {
		return fmt.Errorf("mounting the new root: %w", err)
	}
	for _, d := range []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"} {
		fi, err := os.Lstat(d)
		if err != nil {
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			// A merged /usr: /bin → usr/bin.
			target, err := os.Readlink(d)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, root+d); err != nil {
				return err
			}
			continue
		}
		if err := bind(d, root+d, true); err != nil {
			return err
		}
	}
	if err := devices(root); err != nil {
		return err
	}
	if err := os.Mkdir(root+"/proc", 0o755); err != nil {
		return err
	}
	if err := unix.Mount("proc", root+"/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mounting /proc: %w", err)
	}
	for _, d := range m.ReadOnly {
		if err := bind(d, root+d, true); err != nil {
			return err
		}
	}
	for _, d := range m.Writable {
		if err := bind(d, root+d, false); err != nil {
			return err
		}
	}
	// pivot_root(".", ".") stacks the old root on the new one; unmounting
	// it leaves only the new tree.
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the old root: %w", err)
	}
	if err := os.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Mount("", "/", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("making the root read-only: %w", err)
	}
	_ = unix.Sethostname([]byte("sandbox"))
	if err := linkUp("lo"); err != nil {
		return err
	}
	if err := mirror(m.Ifaces); err != nil {
		return err
	}
	// Ports the system picks (port 0) come from 32768-60999, the kernel's
	// default, whatever the host says; chatprobe.FreePort picks below.
	if err := os.WriteFile("/proc/sys/net/ipv4/ip_local_port_range", []byte("32768 60999\n"), 0); err != nil {
		return fmt.Errorf("setting the port range: %w", err)
	}
	// No user namespaces inside: a program cannot gain capabilities in a
	// namespace of its own. (Best effort: without it, the mounts stay
	// locked read-only for such a namespace anyway.)
	_ = os.WriteFile("/proc/sys/user/max_user_namespaces", []byte("0\n"), 0)
	return nil
}

// bind shows the host's src at dst, read-only or not, never with setuid
// programs or device files. Mounts below src come along, read-only too.
func bind(src, dst string, readOnly bool) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else {
		err = touch(dst)
	}
	if err != nil {
		return err
	}
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("showing %s: %w", src, err)
	}
	attr := &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV}
	if readOnly {
		attr.Attr_set |= unix.MOUNT_ATTR_RDONLY
	}
	err = unix.MountSetattr(-1, dst, unix.AT_RECURSIVE, attr)
	if err == nil {
		return nil
	}
	if !errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("limiting %s: %w", src, err)
	}
	// Before Linux 5.12: remount each mount of the tree on its own,
	// keeping the flags the host locked on it.
	points, err := mountsBelow(dst)
	if err != nil {
		return err
	}
	for _, p := range points {
		var st unix.Statfs_t
		if err := unix.Statfs(p, &st); err != nil {
			return err
		}
		flags := uintptr(unix.MS_BIND|unix.MS_REMOUNT|unix.MS_NOSUID|unix.MS_NODEV) | lockedFlags(st.Flags)
		if readOnly {
			flags |= unix.MS_RDONLY
		}
		if err := unix.Mount("", p, "", flags, ""); err != nil {
			return fmt.Errorf("limiting %s: %w", p, err)
		}
	}
	return nil
}

// lockedFlags are the flags of a mount that a user namespace may not drop
// on remount, from statfs's f_flag.
func lockedFlags(f int64) uintptr {
	var out uintptr
	for st, ms := range map[int64]uintptr{
		unix.ST_RDONLY: unix.MS_RDONLY, unix.ST_NOSUID: unix.MS_NOSUID, unix.ST_NODEV: unix.MS_NODEV,
		unix.ST_NOEXEC: unix.MS_NOEXEC, unix.ST_NOATIME: unix.MS_NOATIME,
		unix.ST_NODIRATIME: unix.MS_NODIRATIME, unix.ST_RELATIME: unix.MS_RELATIME,
	} {
		if f&st != 0 {
			out |= ms
		}
	}
	return out
}

// mountsBelow lists dst and the mount points under it, from mountinfo.
func mountsBelow(dst string) ([]string, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	out := []string{dst}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && strings.HasPrefix(f[4], dst+"/") {
			out = append(out, f[4])
		}
	}
	return out, nil
}

func touch(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// devices makes /dev with the harmless devices, bound from the host (a user
// namespace cannot make device files), and the usual links.
func devices(root string) error {
	if err := os.Mkdir(root+"/dev", 0o755); err != nil {
		return err
	}
	for _, d := range []string{"null", "zero", "full", "random", "urandom"} {
		if _, err := os.Stat("/dev/" + d); err != nil {
			continue
		}
		if err := touch(root + "/dev/" + d); err != nil {
			return err
		}
		if err := unix.Mount("/dev/"+d, root+"/dev/"+d, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("showing /dev/%s: %w", d, err)
		}
	}
	for name, target := range map[string]string{
		"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2",
	} {
		if err := os.Symlink(target, root+"/dev/"+name); err != nil {
			return err
		}
	}
	return nil
}

// linkUp brings a network interface up (SIOCSIFFLAGS): a new network
// namespace starts with lo down.
func linkUp(name string) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("bringing %s up: %w", name, err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bringing %s up: %w", name, err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bringing %s up: %w", name, err)
	}
	return nil
}

// setName sets the calling thread's name; on the main thread, that is the
// process's command name.
func setName(name string) {
	b := append([]byte(name), 0)
	_ = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&b[0])), 0, 0, 0)
	runtime.KeepAlive(b)
}

// inside is the state of the parent, the checker's process inside the
// sandbox: it serves the checker's requests.
type inside struct {
	conn *net.UnixConn
	wmu  sync.Mutex // one message at a time

	mu      sync.Mutex
	tracked map[int]bool // the programs started and not yet reaped
	recheck chan struct{}
	spawns  chan spawnRequest
	// cred, when PID 1 is root inside, is the user the programs run as.
	cred *syscall.Credential
}

func (a *inside) send(m message, fds ...int) {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	if err := send(a.conn, m, fds...); err != nil {
		os.Exit(1) // the checker is gone: so is the sandbox
	}
}

func (a *inside) serve() {
	for {
		m, files, err := recv(a.conn)
		if err != nil {
			return
		}
		a.handle(m, files)
	}
}

// handle answers one request; a fault in it is the request's error, not
// the end of the sandbox.
func (a *inside) handle(m message, files []*os.File) {
	defer func() {
		if p := recover(); p != nil {
			a.send(message{Op: opReply, ID: m.ID, Err: fmt.Sprintf("PID 1 failed: %v", p)})
		}
	}()
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	switch m.Op {
	case opStart:
		pid, err := a.start(m, files)
		a.send(message{Op: opReply, ID: m.ID, PID: pid, Err: errText(err)})
		if err == nil {
			a.mu.Lock()
			a.tracked[pid] = true
			a.mu.Unlock()
			a.poke()
		}
	case opKill:
		var err error
		if m.PID == 0 || m.PID == 1 || m.PID == -1 {
			err = fmt.Errorf("refusing to signal pid %d", m.PID)
		} else {
			err = unix.Kill(m.PID, syscall.Signal(m.Sig))
		}
		a.send(message{Op: opReply, ID: m.ID, Err: errText(err)})
	case opReset:
		a.send(message{Op: opReply, ID: m.ID, Err: errText(a.reset())})
	case opHide:
		err := unix.Mount("tmpfs", m.Path, "tmpfs", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "size=4k,mode=0555")
		a.send(message{Op: opReply, ID: m.ID, Err: errText(err)})
	case opUDP:
		fd, err := listenUDP(m.Addr)
		if err != nil {
			a.send(message{Op: opReply, ID: m.ID, Err: err.Error()})
			break
		}
		a.send(message{Op: opReply, ID: m.ID}, fd)
		unix.Close(fd)
	default:
		a.send(message{Op: opReply, ID: m.ID, Err: "unknown operation " + m.Op})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// start runs a program, from the spawner thread, whose credentials are
// the programs' (spawn).
func (a *inside) start(m message, files []*os.File) (int, error) {
	if len(files) != 3 {
		return 0, fmt.Errorf("start needs 3 descriptors, got %d", len(files))
	}
	reply := make(chan spawned, 1)
	a.spawns <- spawnRequest{m: m, files: files, reply: reply}
	r := <-reply
	return r.pid, r.err
}

type spawnRequest struct {
	m     message
	files []*os.File
	reply chan spawned
}

type spawned struct {
	pid int
	err error
}

// spawn starts the programs. Linux keeps capabilities and no_new_privs
// per thread, and a child gets those of the thread that forked it: this
// goroutine locks its thread, takes from it every capability (effective,
// permitted, inheritable, ambient, and the bounding set, so that no
// execve can give one back) and sets no_new_privs, and forks every program
// from it. The other threads of PID 1 keep what they need to serve the
// checker. The limits (setrlimit) are PID 1's own, set once the sandbox is
// built, and every program inherits them.
func (a *inside) spawn(reqs <-chan spawnRequest) {
	runtime.LockOSThread() // for good: this thread is the programs' parent
	err := dropPrivileges(a.cred != nil)
	for r := range reqs {
		if err != nil {
			r.reply <- spawned{err: fmt.Errorf("giving up privileges: %w", err)}
			continue
		}
		argv := append([]string{r.m.Path}, r.m.Args...)
		pid, err := syscall.ForkExec(r.m.Path, argv, &syscall.ProcAttr{
			Dir:   r.m.Dir,
			Env:   r.m.Env,
			Files: []uintptr{r.files[0].Fd(), r.files[1].Fd(), r.files[2].Fd()},
			// Its own process group, so that the checker can stop it and
			// what it started at once. When PID 1 is root inside, the
			// child becomes the programs' user before it executes the
			// program, and that loses it the capabilities it had left.
			Sys: &syscall.SysProcAttr{Setpgid: true, Credential: a.cred},
		})
		if err != nil {
			err = fmt.Errorf("starting %s: %w", r.m.Path, err)
		}
		r.reply <- spawned{pid: pid, err: err}
	}
}

// dropPrivileges takes every capability from the calling thread, for good,
// and sets its no_new_privs. With keepSetuid, it keeps the capabilities it
// has (but no ambient or inheritable ones, and an empty bounding set): a
// child must change its user, which takes every capability away.
func dropPrivileges(keepSetuid bool) error {
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil {
		return fmt.Errorf("clearing ambient capabilities: %w", err)
	}
	for c := 0; c <= unix.CAP_LAST_CAP+8; c++ {
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); err != nil {
			if errors.Is(err, unix.EINVAL) {
				break // past the kernel's last capability
			}
			return fmt.Errorf("emptying the bounding set: %w", err)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if keepSetuid {
		if err := unix.Capget(&hdr, &data[0]); err != nil {
			return fmt.Errorf("reading capabilities: %w", err)
		}
		data[0].Inheritable, data[1].Inheritable = 0, 0
	}
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return fmt.Errorf("dropping capabilities: %w", err)
	}
	return nil
}

// limit sets the programs' limits on PID 1 itself, which they inherit:
// setrlimit is per process, and a limit set on a program after it has
// started would miss what it started first.
func limit() error {
	for _, l := range []struct {
		res int
		cur uint64
	}{
		{unix.RLIMIT_NPROC, MaxTasks},
		{unix.RLIMIT_DATA, MaxData},
		{unix.RLIMIT_FSIZE, MaxFileSize},
		{unix.RLIMIT_CPU, MaxCPU},
		{unix.RLIMIT_CORE, 0},
	} {
		lim := unix.Rlimit{Cur: l.cur, Max: l.cur}
		if l.res == unix.RLIMIT_CPU {
			lim.Max = l.cur + 5 // SIGXCPU first, then SIGKILL
		}
		if err := unix.Setrlimit(l.res, &lim); err != nil {
			return fmt.Errorf("setting limits: %w", err)
		}
	}
	return nil
}

// warmThreads makes the Go runtime start n threads now, which it then keeps
// idle: once the programs have used up the sandbox's processes
// (RLIMIT_NPROC counts threads), PID 1 could not start another.
func warmThreads(n int) {
	var started, release sync.WaitGroup
	started.Add(n)
	release.Add(1)
	for i := 0; i < n; i++ {
		go func() {
			runtime.LockOSThread()
			started.Done()
			release.Wait()
			runtime.UnlockOSThread()
		}()
	}
	started.Wait()
	release.Done()
}

// reset kills every process of the sandbox but PID 1 and the parent
// (kill -1 spares the two) and reaps them, the programs the parent started
// (which it reports as usual) and the orphans it adopted, zombies
// included: the next check starts from a clean process table. A process
// that takes long to die (SIGKILL always wins, but a process in an
// uninterruptible sleep dies when it wakes) gets resetLimit.
func (a *inside) reset() error {
	deadline := time.Now().Add(resetLimit)
	for {
		_ = unix.Kill(-1, unix.SIGKILL)
		for {
			var ws syscall.WaitStatus
			var ru syscall.Rusage
			pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, &ru)
			if errors.Is(err, syscall.ECHILD) {
				return nil // nobody left
			}
			if pid <= 0 {
				break // some are still dying
			}
			a.mu.Lock()
			tracked := a.tracked[pid]
			delete(a.tracked, pid)
			a.mu.Unlock()
			if tracked {
				a.send(exitMessage(pid, ws, ru))
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes of the sandbox still alive after %s", resetLimit)
		}
		time.Sleep(time.Millisecond)
	}
}

// resetLimit bounds reset.
const resetLimit = 3 * time.Second

func exitMessage(pid int, ws syscall.WaitStatus, ru syscall.Rusage) message {
	m := message{Op: opExit, PID: pid, Mono: monotonic(),
		CPU: (time.Duration(ru.Utime.Nano()) + time.Duration(ru.Stime.Nano())).Nanoseconds()}
	if ws.Signaled() {
		m.Code, m.Sig = -1, int(ws.Signal())
	} else {
		m.Code = ws.ExitStatus()
	}
	return m
}

func (a *inside) poke() {
	select {
	case a.recheck <- struct{}{}:
	default:
	}
}

// reap collects the programs the checker started as they end, and only
// them: orphans adopted by PID 1 stay as they are, zombies included, for
// the checks to see, until the sandbox ends.
func (a *inside) reap(sigs <-chan os.Signal) {
	for {
		select {
		case <-sigs: // SIGCHLD, or a signal from a program, ignored
		case <-a.recheck:
		}
		a.mu.Lock()
		pids := make([]int, 0, len(a.tracked))
		for pid := range a.tracked {
			pids = append(pids, pid)
		}
		a.mu.Unlock()
		for _, pid := range pids {
			var ws syscall.WaitStatus
			var ru syscall.Rusage
			got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, &ru)
			switch {
			case got == pid:
				a.mu.Lock()
				delete(a.tracked, pid)
				a.mu.Unlock()
				a.send(exitMessage(pid, ws, ru))
			case errors.Is(err, syscall.ECHILD):
				// Reaped by reset meanwhile, which reported it.
				a.mu.Lock()
				delete(a.tracked, pid)
				a.mu.Unlock()
			}
		}
	}
}

// listenUDP makes a UDP socket bound to addr in the sandbox's network.
func listenUDP(addr string) (int, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return -1, err
	}
	ip := ap.Addr().Unmap()
	domain := unix.AF_INET6
	var sa unix.Sockaddr = &unix.SockaddrInet6{Port: int(ap.Port()), Addr: ip.As16()}
	if ip.Is4() {
		domain = unix.AF_INET
		sa = &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ip.As4()}
	}
	fd, err := unix.Socket(domain, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}
