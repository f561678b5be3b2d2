package sandbox

import (
	"io"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	if err := Available(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.Chown(dir, 65534, 65534)
	os.Chmod(dir+"/..", 0o711)
	s, err := New(Config{Writable: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, w, _ := os.Pipe()
	null, _ := os.Open(os.DevNull)
	p, err := s.Start(Cmd{Path: "/bin/sh", Args: []string{"-c", "echo pid=$$ ppid=$PPID; id; hostname; ls /; ls /tmp; cat /proc/self/status | grep -i cap; ulimit -a; ps -ef 2>&1 || ls /proc; echo hi > " + dir + "/x; cat /proc/net/dev; touch /etc/x; touch /tmp/y; exit 3"}, Env: []string{"PATH=/usr/bin:/bin"}, Dir: dir, Stdin: null, Stdout: w, Stderr: w})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(r)
	t.Logf("%s", out)
	t.Logf("%+v", p.Exit())
	snap, err := s.Procs().Snapshot()
	t.Logf("%v %v", snap.Procs, err)
	b, err := os.ReadFile(s.NetDir() + "/udp")
	t.Logf("%s %v", b, err)
}
