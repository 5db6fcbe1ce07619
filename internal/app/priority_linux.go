package app

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// LowerPriority gives the whole process the scheduling niceness nice, so
// that a batch command (an import, a digest, a backup, a picture's
// variants) takes the processor only when a server beside it does not
// want it. A process already nicer than that is left as it is: only root
// could make it less nice again, and the operator who ran it under nice
// asked for more.
//
// On Linux niceness belongs to each thread, and a new thread takes its
// creator's. The Go runtime has started threads before main runs, so each
// one is set; a thread started while they are being set comes from one
// set or not yet set, and the walk goes on until it finds no thread left
// to lower.
func LowerPriority(nice int) error {
	if nice <= 0 {
		return nil
	}
	for pass := 0; pass < 10; pass++ {
		lowered, err := lowerThreads(nice)
		if err != nil || lowered == 0 {
			return err
		}
	}
	return nil
}

// lowerThreads sets nice on every thread of the process less nice than
// that and says how many it set.
func lowerThreads(nice int) (int, error) {
	tids, err := threadIDs()
	if err != nil {
		return 0, err
	}
	lowered := 0
	for _, tid := range tids {
		// The system call answers 20 minus the niceness, so that it
		// never looks like an error.
		prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
		if err != nil {
			continue // the thread ended
		}
		if 20-prio >= nice {
			continue
		}
		if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, nice); err != nil {
			if err == syscall.ESRCH {
				continue
			}
			return lowered, fmt.Errorf("lower the priority of thread %d to nice %d: %w", tid, nice, err)
		}
		lowered++
	}
	return lowered, nil
}

// threadIDs lists the process's threads.
func threadIDs() ([]int, error) {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil, fmt.Errorf("list the process's threads: %w", err)
	}
	tids := make([]int, 0, len(entries))
	for _, e := range entries {
		if tid, err := strconv.Atoi(e.Name()); err == nil {
			tids = append(tids, tid)
		}
	}
	return tids, nil
}
