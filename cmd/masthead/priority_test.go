//go:build linux

package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// threadNices reads the scheduling niceness of every thread of process
// pid from /proc: the 19th field of each thread's stat, counted after the
// command name, which may hold spaces and ends at the last ")".
func threadNices(pid int) (map[int]int, error) {
	dirs, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*", pid))
	if err != nil || len(dirs) == 0 {
		return nil, fmt.Errorf("no threads of %d: %v", pid, err)
	}
	nices := map[int]int{}
	for _, dir := range dirs {
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		if err != nil {
			continue // the thread ended
		}
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		nice, err := strconv.Atoi(fields[16])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", dir, err)
		}
		tid, _ := strconv.Atoi(filepath.Base(dir))
		nices[tid] = nice
	}
	return nices, nil
}

// waitForNice waits until every thread of pid runs at nice want, and
// fails naming the threads that do not.
func waitForNice(t *testing.T, pid, want int) {
	t.Helper()
	var nices map[int]int
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		nices, err = threadNices(pid)
		if err == nil && allNice(nices, want) {
			return
		}
	}
	t.Fatalf("threads of process %d at nice %v (%v), want all at %d", pid, nices, err, want)
}

func allNice(nices map[int]int, want int) bool {
	for _, n := range nices {
		if n != want {
			return false
		}
	}
	return len(nices) > 1
}

// TestPictureWorkersRunNiced starts the worker serve runs for each
// uploaded picture and checks that every one of its threads gave way to
// the server, unless told otherwise, and that it never undoes a
// niceness the operator set.
func TestPictureWorkersRunNiced(t *testing.T) {
	bin := buildBinary(t)
	tests := []struct {
		name string
		argv []string
		want int
	}{
		{"by default", []string{bin, "media-worker"}, 10},
		{"told not to", []string{bin, "media-worker", "-nice", "0"}, 0},
		{"already nicer", []string{"nice", "-n", "15", bin, "media-worker"}, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(tt.argv[0], tt.argv[1:]...)
			// The worker waits for a picture on its standard input,
			// which stays open until the test has looked.
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				stdin.Close()
				cmd.Process.Kill()
				cmd.Wait()
			}()
			waitForNice(t, cmd.Process.Pid, tt.want)
		})
	}
}
