package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a running masthead serve process.
type server struct {
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:PORT, no trailing slash
	log     *os.File
	startup time.Duration
	// rest is the resident memory right after the first page.
	rest   int64
	exited chan struct{}
	memory *memorySampler
}

// startupTimeout is how long a server may take to serve its first page.
const startupTimeout = 2 * time.Minute

// startServer runs masthead serve on the data folder, on a free loopback
// port, with its log in logPath, and waits for its first page: the time
// from exec to the first complete answer to GET / is its start-up time.
// The environment's MASTHEAD_ settings are left out, so that nothing but
// the flags here decides what is served.
func startServer(ctx context.Context, binary, dataDir, logPath string, flags ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(binary, append([]string{"serve", "--data", dataDir, "--addr", addr}, flags...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MASTHEAD_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	s := &server{cmd: cmd, url: "http://" + addr, log: logFile, exited: make(chan struct{})}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	s.memory = sampleMemory(cmd.Process.Pid)
	if err := s.waitForFirstPage(ctx); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w (log: %s)", err, logPath)
	}
	s.startup = time.Since(start)
	s.rest, _, _ = readMemory(cmd.Process.Pid)
	return s, nil
}

// waitForFirstPage asks for the home page until it is served, a
// millisecond apart while the port is still closed.
func (s *server) waitForFirstPage(ctx context.Context) error {
	client := &http.Client{Timeout: startupTimeout}
	deadline := time.Now().Add(startupTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return errors.New("masthead serve exited before serving a page")
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		resp, err := client.Get(s.url + "/")
		if err != nil {
			time.Sleep(time.Millisecond)
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("the first page answered %s", resp.Status)
		}
		return nil
	}
	return fmt.Errorf("no page served within %s", startupTimeout)
}

// stop shuts the server down as an operator would (SIGTERM, which
// drains requests) and returns its peak memory.
func (s *server) stop() memoryPeak {
	peak := s.memory.stop()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.log.Close()
	return peak
}

// freePort asks the kernel for a free loopback port. Another process
// could take it before the server binds it; on a benchmark machine that
// is unlikely, and the server would then fail to start, not measure
// something else.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// memoryPeak is what /proc says of a process's resident memory.
type memoryPeak struct {
	// hwm is VmHWM, the kernel's own peak of the resident set, read last.
	hwm int64
	// sampled is the largest VmRSS sampled.
	sampled int64
}

func (m memoryPeak) max(o memoryPeak) memoryPeak {
	return memoryPeak{hwm: max(m.hwm, o.hwm), sampled: max(m.sampled, o.sampled)}
}

// memorySampler reads a process's VmRSS every samplePeriod until stopped.
type memorySampler struct {
	pid  int
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak memoryPeak
}

const samplePeriod = 100 * time.Millisecond

func sampleMemory(pid int) *memorySampler {
	m := &memorySampler{pid: pid, done: make(chan struct{})}
	m.wg.Go(func() {
		tick := time.NewTicker(samplePeriod)
		defer tick.Stop()
		for {
			m.sample()
			select {
			case <-tick.C:
			case <-m.done:
				return
			}
		}
	})
	return m
}

func (m *memorySampler) sample() {
	rss, hwm, err := readMemory(m.pid)
	if err != nil {
		return // the process has not started or has gone
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.peak.sampled = max(m.peak.sampled, rss)
	m.peak.hwm = max(m.peak.hwm, hwm)
}

// stop takes a last reading, while the process still runs, and returns
// the peak.
func (m *memorySampler) stop() memoryPeak {
	close(m.done)
	m.wg.Wait()
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.peak
}

// readMemory returns VmRSS and VmHWM of a process, in bytes.
func readMemory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	return parseStatus(f)
}

// parseStatus reads VmRSS and VmHWM ("VmRSS:	  81234 kB") from the
// text of /proc/PID/status.
func parseStatus(r io.Reader) (rss, hwm int64, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", name, err)
		}
		if name == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if rss == 0 || hwm == 0 {
		return 0, 0, errors.New("no VmRSS or VmHWM (a kernel thread, or a zombie)")
	}
	return rss, hwm, nil
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on
// every Linux architecture Go runs on.
const clockTicks = 100

// cpuTime returns the CPU time, user and system, that the server's
// threads have used so far.
func (s *server) cpuTime() (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStat(string(b))
}

// parseStat reads utime and stime (fields 14 and 15) from the text of
// /proc/PID/stat. The command name, field 2, is in parentheses and may
// hold spaces and parentheses itself, so fields are counted from the
// last ')'.
func parseStat(stat string) (time.Duration, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("no command name in /proc/PID/stat")
	}
	fields := strings.Fields(stat[end+1:]) // from field 3, the state
	if len(fields) < 13 {
		return 0, errors.New("short /proc/PID/stat")
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/PID/stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}
