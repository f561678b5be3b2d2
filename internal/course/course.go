// Package course is the table of contents of the workbook: the ordered list
// of lessons, each with its number, folder, title, hint and checks. It is the
// one place a lesson is registered.
package course

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"forkroom/internal/checks"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Lesson is one exercise of the course.
type Lesson struct {
	// Num is the lesson's number, 1-based; zero for the chat room.
	Num int
	// Slug names the topic; the folder is "NN-slug".
	Slug  string
	Title i18n.Text
	// Hint is the lesson-wide hint that `checker hint` prints before the
	// checks' own hints.
	Hint i18n.Text
	// Unix is true for lessons about processes (fork, zombies, orphans,
	// signals): the checker grades them on Linux only (see [Lesson.GradableOn]).
	Unix bool
	// Suite builds and grades the exercise.
	Suite grade.Suite
	// root, when set, is the lesson's folder relative to the repository
	// root, the same in the student's tree and the solutions (the chat room).
	root string
}

// ID is the lesson's two-digit number, or its slug for the chat room.
func (l Lesson) ID() string {
	if l.Num == 0 {
		return l.Slug
	}
	return fmt.Sprintf("%02d", l.Num)
}

// Dir is the lesson's folder name inside lessons/ and solutions/.
func (l Lesson) Dir() string {
	if l.root != "" {
		return l.root
	}
	return fmt.Sprintf("%02d-%s", l.Num, l.Slug)
}

// Tree names which copy of a lesson to grade.
type Tree int

// The two trees of the workbook.
const (
	Student  Tree = iota // lessons/
	Solution             // solutions/
)

// Path is the lesson's folder in the repository at root.
func (l Lesson) Path(root string, tree Tree) string {
	if l.root != "" {
		return filepath.Join(root, filepath.FromSlash(l.root))
	}
	top := "lessons"
	if tree == Solution {
		top = "solutions"
	}
	return filepath.Join(root, top, l.Dir())
}

// GradableOn reports whether the checker can grade l on the operating system
// goos (a runtime.GOOS value). The process lessons need Linux: the checker
// reads every process's parent, state and exit status from /proc and makes
// itself a child subreaper so that it adopts the orphans a program leaves;
// macOS has neither, and Windows has no fork, zombies or SIGCHLD at all.
// Elsewhere those lessons are graded in the dev container (.devcontainer/).
func (l Lesson) GradableOn(goos string) bool {
	return !l.Unix || goos == "linux"
}

// Ready reports whether the lesson has checks yet.
func (l Lesson) Ready() bool { return len(l.Suite.Checks) > 0 }

// MaxPoints is what the lesson is worth.
func (l Lesson) MaxPoints() int {
	n := 0
	for _, c := range l.Suite.Checks {
		n += c.Points
	}
	return n
}

// Lessons is the course, in order.
var Lessons = []Lesson{
	{
		Num: 1, Slug: "files",
		Title: i18n.Text{En: "Files: list, stat, remove", Zh: "文件：列目录、查状态、删除"},
		Hint: i18n.Text{
			En: "os.ReadDir lists a folder; an entry's Info() gives Mode().IsRegular() and Size(); os.Stat with errors.Is(err, fs.ErrNotExist) tells whether a path exists; os.Remove deletes.",
			Zh: "os.ReadDir 列出目录；目录项的 Info() 给出 Mode().IsRegular() 和 Size()；os.Stat 加上 errors.Is(err, fs.ErrNotExist) 判断路径在不在；os.Remove 删除文件。",
		},
		Suite: checks.Files(),
	},
	{
		Num: 2, Slug: "fork", Unix: true,
		Title: i18n.Text{En: "fork: one program, two processes", Zh: "fork：一个程序，两个进程"},
		Hint:  i18n.Text{En: "Go has no fork: start a copy of yourself with exec.Command on os.Executable() and a marker in the environment, then branch on the marker.", Zh: "Go 没有 fork：用 exec.Command 启动 os.Executable()，在环境变量里加一个标记，把自己再启动一份，然后根据有没有标记走不同的分支。"},
		Suite: checks.Fork(),
	},
	{
		Num: 3, Slug: "pids", Unix: true,
		Title: i18n.Text{En: "getpid and getppid", Zh: "getpid 与 getppid"},
		Hint:  i18n.Text{En: "os.Getpid() is who you are, os.Getppid() who started you; the parent learns its child's pid from cmd.Process.Pid.", Zh: "os.Getpid() 是自己的进程号，os.Getppid() 是启动自己的那个进程的进程号；父进程从 cmd.Process.Pid 得知子进程的进程号。"},
		Suite: checks.Pids(),
	},
	{
		Num: 4, Slug: "exit", Unix: true,
		Title: i18n.Text{En: "Exit statuses", Zh: "退出状态"},
		Hint:  i18n.Text{En: "cmd.ProcessState.ExitCode() is -1 when a signal ended the child; look at its syscall.WaitStatus to tell which signal.", Zh: "子进程被信号杀死时，cmd.ProcessState.ExitCode() 为 -1；要知道是哪个信号，就看它的 syscall.WaitStatus。"},
		Suite: checks.Exit(),
	},
	{
		Num: 5, Slug: "multitask", Unix: true,
		Title: i18n.Text{En: "Multitasking: 3 s + 2 s in 3 s", Zh: "多任务：3 秒 + 2 秒只用 3 秒"},
		Hint:  i18n.Text{En: "Start both tasks before waiting for either: goroutines with a sync.WaitGroup, or two child processes started first and waited after.", Zh: "两个任务都启动之后再等待：用 goroutine 加 sync.WaitGroup，或者先把两个子进程都启动，再逐个等待。"},
		Suite: checks.Multitask(),
	},
	{
		Num: 6, Slug: "orphan", Unix: true,
		Title: i18n.Text{En: "Orphans", Zh: "孤儿进程"},
		Hint:  i18n.Text{En: "The parent must exit without waiting; the child keeps running and watches os.Getppid() change.", Zh: "父进程不等待子进程就退出；子进程接着运行，盯着 os.Getppid() 的变化。"},
		Suite: checks.Orphan(),
	},
	{
		Num: 7, Slug: "zombie", Unix: true,
		Title: i18n.Text{En: "Zombies", Zh: "僵尸进程"},
		Hint:  i18n.Text{En: "A child that has exited stays a zombie until its parent waits for it: start it, let it end, pause, and only then Wait.", Zh: "子进程退出以后，在父进程等待它之前一直是僵尸：启动它，让它结束，停下来，然后才 Wait。"},
		Suite: checks.Zombie(),
	},
	{
		Num: 8, Slug: "wait", Unix: true,
		Title: i18n.Text{En: "wait: reaping children as they finish", Zh: "wait：子进程结束一个，回收一个"},
		Hint:  i18n.Text{En: "syscall.Wait4(-1, &ws, 0, nil) blocks until any child ends and returns its pid: call it once per child.", Zh: "syscall.Wait4(-1, &ws, 0, nil) 一直阻塞到任意一个子进程结束，返回它的进程号：子进程全部启动之后，有几个子进程就调用几次。"},
		Suite: checks.Wait(),
	},
	{
		Num: 9, Slug: "doublefork", Unix: true,
		Title: i18n.Text{En: "Double fork", Zh: "二次 fork"},
		Hint:  i18n.Text{En: "The child starts the grandchild and exits at once; the parent waits only for the child.", Zh: "子进程启动孙进程后马上退出；父进程只等待子进程。"},
		Suite: checks.DoubleFork(),
	},
	{
		Num: 10, Slug: "sigchld", Unix: true,
		Title: i18n.Text{En: "SIGCHLD", Zh: "SIGCHLD 信号"},
		Hint:  i18n.Text{En: "signal.Notify for SIGCHLD, and on every signal call Wait4(-1, WNOHANG) until it returns 0: signals coalesce.", Zh: "用 signal.Notify 接收 SIGCHLD，每收到一次就循环调用 Wait4(-1, WNOHANG)，直到它返回 0：信号会合并。"},
		Suite: checks.SigChld(),
	},
	{
		Num: 11, Slug: "udp",
		Title: i18n.Text{En: "UDP: datagrams, an echo server and a client", Zh: "UDP：数据报、回显服务器与客户端"},
		Hint:  i18n.Text{En: "net.ListenUDP, then ReadFromUDPAddrPort and WriteToUDPAddrPort: recvfrom and sendto.", Zh: "net.ListenUDP，然后 ReadFromUDPAddrPort 和 WriteToUDPAddrPort：即 recvfrom 与 sendto。"},
		Suite: checks.UDP(),
	},
	{
		Num: 12, Slug: "protocol",
		Title: i18n.Text{En: "The chat protocol", Zh: "聊天协议"},
		Hint:  i18n.Text{En: "Split the datagram once at the first space for the type, once more for the name; reject what does not fit.", Zh: "先在第一个空格处拆出类型，再拆出名字；不符合格式的一律拒绝。"},
		Suite: checks.Protocol(),
	},
	{
		Num: 13, Slug: "login",
		Title: i18n.Text{En: "Chat server: login with unique names", Zh: "聊天服务器：登录与唯一用户名"},
		Hint:  i18n.Text{En: "A map from name to address: refuse a name that is already a key, and tell the others who came in.", Zh: "用名字到地址的 map：名字已存在就拒绝，并告诉其他人谁进来了。"},
		Suite: checks.Login(),
	},
	{
		Num: 14, Slug: "chat",
		Title: i18n.Text{En: "Chat server: broadcast and leave", Zh: "聊天服务器：群发与退出"},
		Hint:  i18n.Text{En: "Send a chat to every address in the map except the sender's; on Q delete the name and tell the others.", Zh: "把消息发给 map 中除发送者以外的每个地址；收到 Q 时删除名字并通知其他人。"},
		Suite: checks.Chat(),
	},
	{
		Num: 15, Slug: "chatroom",
		Title: i18n.Text{En: "The chat room: announcements and a concurrent client", Zh: "聊天室：管理员消息与并发客户端"},
		Hint:  i18n.Text{En: "Read the server's stdin in its own goroutine; in the client, one goroutine receives while main sends.", Zh: "在单独的 goroutine 里读服务器的标准输入；客户端一个 goroutine 接收，main 负责发送。"},
		Suite: checks.Chatroom(),
	},
}

// Chatroom grades the finished chat room in chatroom/ (`checker run chatroom`).
var Chatroom = Lesson{
	Slug:  "chatroom",
	Title: i18n.Text{En: "The complete chat room (chatroom/)", Zh: "完整的聊天室（chatroom/）"},
	Hint:  i18n.Text{En: "See chatroom/PROTOCOL.md.", Zh: "见 chatroom/PROTOCOL.zh.md。"},
	Suite: checks.Complete(),
	root:  "chatroom",
}

// Find looks a lesson up by number ("05", "5"), folder ("05-multitask"),
// slug ("multitask") or "chatroom".
func Find(arg string) (Lesson, error) {
	a := strings.TrimSuffix(strings.TrimSpace(arg), "/")
	a = strings.TrimPrefix(a, "lessons/")
	if a == Chatroom.Slug {
		return Chatroom, nil
	}
	if n, err := strconv.Atoi(a); err == nil {
		for _, l := range Lessons {
			if l.Num == n {
				return l, nil
			}
		}
		return Lesson{}, &NotFoundError{Msg: i18n.M("no lesson %q: lessons are numbered 01 to %02d", arg, len(Lessons))}
	}
	for _, l := range Lessons {
		if a == l.Slug || a == l.Dir() {
			return l, nil
		}
	}
	return Lesson{}, &NotFoundError{Msg: i18n.M("no lesson %q: try a number such as 01, or `checker list`", arg)}
}

// NotFoundError says that no lesson answers to a name. It reads in either
// language (In), English as an error.
type NotFoundError struct{ Msg i18n.Msg }

func (e *NotFoundError) Error() string { return e.Msg.In(i18n.En) }

// In renders the error in l.
func (e *NotFoundError) In(l i18n.Lang) string { return e.Msg.In(l) }
