//go:build unix

package client

import (
	"syscall"
	"unsafe"
)

// wordsOutsideHeap maps n zeroed words of memory of their own, or returns
// nil when the system refuses.
func wordsOutsideHeap(n int) (words []uint64, unmap func()) {
	mapped, err := syscall.Mmap(-1, 0, n*8, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(mapped))), n), func() { _ = syscall.Munmap(mapped) }
}
