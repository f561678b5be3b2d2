// Package sandbox runs the programs the checker grades in a sandbox that the
// checker builds itself, with no root, no setuid helper and no Docker: Linux
// namespaces, set up by two small processes of the checker's, and limits.
//
// # Shape
//
// grade makes one [Sandbox] per lesson run, before its first check: all the
// programs of the lesson share it, as a server and its clients do, one
// check after the other. Between two checks, [Sandbox.Reset] kills and
// reaps everything in it but its two processes of the checker's, so each
// check starts from a clean process table, and [Sandbox.Hide] covers the
// finished check's folder; at the end of the run the sandbox ends. (One
// sandbox per check would cost 50 to 70 ms a check, and the pids a lesson's
// checks compare, the checker's among them, would differ from check to
// check.) A lesson whose checks may run side by side (grade.Suite.Parallel)
// gets one sandbox per check running at once, each writing in a folder of
// its own, reused one check after another in the same way.
// [New] re-executes the checker's own binary (/proc/self/exe, with
// FORKROOM_SANDBOX_ROLE=init in its environment; the init function of this
// package catches the marker before main, so test binaries that link this
// package work the same) as the first process of new user, PID, mount,
// network, IPC and UTS namespaces, made by clone(2) through
// syscall.SysProcAttr. That process is PID 1 of the sandbox, named
// forkroom-init in the process table. It builds the sandbox, then starts
// the checker's binary once more (role "parent") as its only child, named
// checker, hands it the control channel, and from then on only waits: when
// the parent ends, PID 1 ends, and the kernel ends everything in the
// namespace.
//
// The parent is the checker inside the sandbox: it starts the programs
// (they are its children), it is a child subreaper (their orphans are
// adopted by it, as by the checker outside), it reaps the programs it
// started and nothing else, and it answers the checker's requests. The
// checker and the parent talk over a SOCK_SEQPACKET socket pair: JSON
// messages, and descriptors passed with SCM_RIGHTS (a program's stdin,
// stdout and stderr pipes, a socket made inside). Its pid,
// [Sandbox.Parent], is [ParentPID] where PID 1 could give it that (it sets
// the namespace's next pid, ns_last_pid, before it starts it): a round
// number far from 1. grade gives it to the checks as T.Self.
//
// Why not let PID 1 be the parent and the adopter, as init is on a real
// system: a program that prints ppid=1 without asking (a mistake lesson 03
// grades, and lessons 06 and 09 name) would then be right. With the parent
// below PID 1, every verdict is the same in the sandbox and outside. Why
// processes of the checker's rather than clone flags on each program: the
// programs of a check must share one set of namespaces (a client must reach
// its server), orphans must be adopted by a process the checker controls,
// and the mounts and the network must be set up from inside, with the
// namespace's capabilities, before any program runs. Why the checker's own
// binary: no second executable to install or find, and the two are
// exactly as trusted as the checker.
//
// # What they do
//
//   - Set-up: makes every mount private, mounts a small tmpfs as the new
//     root, binds /usr, /bin, /sbin, /lib* and /etc read-only (without
//     setuid programs or device files, recursively, with mount_setattr, or
//     a remount of each mount before Linux 5.12), binds /dev/null, zero,
//     full, random and urandom, mounts a new /proc for the PID namespace,
//     binds the check's folder read-write and the built programs read-only,
//     each at its host path (a path the checker passes as an argument names
//     the same file inside), pivot_roots into it, detaches the old root and
//     makes the new root read-only. /home, /root, /tmp (but for the check's
//     folder), the submissions, the results folder and the checker's binary
//     are not there at all. It brings lo up (SIOCSIFFLAGS) and gives the
//     namespace one interface per interface of the host that is up (a
//     bridge with no ports, or a dummy) with the host's addresses, so that
//     a program that lists the machine's addresses sees them, and what is
//     sent to them stays inside: there is no route out, no DNS, nothing of
//     the host's network. It sets user.max_user_namespaces to 0 inside, so
//     a program cannot make a user namespace of its own.
//   - Starting a program: the parent forks and executes it, as its child
//     in a process group of its own, from one thread kept for that
//     purpose. Linux keeps capabilities and no_new_privs per thread, and a
//     child inherits those of the thread that forked it: that thread has
//     given up every capability (effective, permitted, inheritable,
//     ambient, and the bounding set, so that no execve gives one back)
//     and set no_new_privs. The program thus has no capability at all,
//     even inside its namespaces: it cannot remount, unmount, ptrace the
//     parent, change the network or raise a limit. The limits are the
//     parent's own (setrlimit is per process), set before it starts any
//     program and inherited by every program: [MaxTasks] processes and
//     threads, [MaxData] of private memory per process, [MaxFileSize] per
//     file, [MaxCPU] seconds of CPU, no core files. (The parent starts its
//     threads before that, so that a program that uses up the processes
//     cannot stop it from working.)
//   - Being the checker: the parent reaps the programs it started (wait4
//     on their pids, and reports to the checker the status, the time it
//     reaped them on the shared CLOCK_MONOTONIC, and the CPU rusage
//     gives), and nothing else. Orphans it adopts stay, zombies included,
//     for the checks to see, until the sandbox ends. PID 1 and the parent
//     are not dumpable, so a program of the same user cannot read their
//     memory, environment, files or root through /proc, nor ptrace them;
//     they catch every signal that can be caught and ignore it, and PID 1
//     of a namespace never gets SIGKILL or SIGSTOP from inside. A program
//     that runs as the checker's user could still stop or kill the parent:
//     a request it does not answer within seconds ends the sandbox, and
//     the check goes on to its end.
//   - Cleaning up between checks: the parent kills every process of the
//     namespace but PID 1 and itself (kill(-1, SIGKILL) spares the two)
//     and reaps them all, orphans and zombies included, until it has no
//     child left.
//   - Everything ends with PID 1: when the checker kills it (Close), or
//     dies itself (PR_SET_PDEATHSIG, and the end of the control channel),
//     the kernel kills every process of the PID namespace, whatever its
//     state: a process group that escaped with setsid, a zombie leader
//     whose threads run on after a raw SYS_EXIT of its main thread.
//
// # Users
//
// Inside, the programs have the user and group ids they would have
// outside, mapped to themselves, so os.Getuid() prints what ps shows. An
// unprivileged checker may map one id only: PID 1 and the parent have
// that id too, and keep the capabilities they need inside their namespaces
// as ambient capabilities across execve. When the checker runs as root
// (containers, CI), the programs run as nobody (65534) instead, without
// root's groups: the kernel does not count root's processes against
// RLIMIT_NPROC, and a root-owned program would own the machine's files.
// PID 1 and the parent then stay root inside, mapped to root (root may
// map two ids), so that PID 1 reaches folders only root may enter (a
// test's TMPDIR) to show them; the parent gives each program nobody's ids
// before executing it, and the programs cannot even send the two a signal. grade hands the check's folder to
// the programs' user ([User]).
//
// # What the checker sees
//
// [Sandbox.Procs] reads the sandbox's own /proc, reached from the host
// through PID 1's root (/proc/PID/root/proc; the checker may, being the
// owner of the user namespace): every pid, parent and group in it is the
// one the programs see, and every field is what the kernel shows, so the
// checks compare what a program prints with the table directly.
// [Sandbox.ListenUDP] asks the parent for a socket made inside (a socket
// keeps the network namespace it was made in, and works from the checker
// like any other): the chat checks' fake peers use them. Setting
// namespaces from the checker instead (setns) is not possible for an
// unprivileged user: joining a network namespace needs CAP_SYS_ADMIN in
// the joiner's own user namespace.
//
// # Not protected
//
//   - Disk space: a program can fill its folder (a file at most
//     [MaxFileSize], but many files) on the file system of the host's /tmp.
//   - Memory and CPU as a whole: the limits are per process (memory,
//     CPU time) or per sandbox (processes and threads); without cgroups
//     (rarely writable by an ordinary user, and cgroup v1 on some
//     machines), [MaxTasks] processes of [MaxData] each could in principle
//     use the machine's memory, and the check's time limit, not a CPU
//     quota, bounds the CPU they use.
//   - Reading: /usr, /etc and the other system folders are visible, read
//     only; /etc/passwd names the machine's users.
//   - Timing side channels, and the kernel itself: a bug in Linux is a way
//     out of any namespace sandbox. Seccomp filters are not used.
//   - Where the kernel refuses (Ubuntu 23.10 and later restrict
//     unprivileged user namespaces with AppArmor; Docker's default seccomp
//     profile forbids them; macOS and Windows have none) there is no
//     sandbox: [Available] says why and what fixes it, and grade runs
//     untrusted code only with the teacher's explicit --unsafe.
package sandbox
