//go:build unix

package client

import "syscall"

// bytesOutsideHeap maps n zeroed bytes of memory of their own, or returns
// nil when the system refuses.
func bytesOutsideHeap(n int) (bytes []byte, unmap func()) {
	mapped, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil
	}
	return mapped, func() { _ = syscall.Munmap(mapped) }
}
