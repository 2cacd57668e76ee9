//go:build !unix

package client

// wordsOutsideHeap is not offered here: the words are made on the heap.
func wordsOutsideHeap(int) ([]uint64, func()) { return nil, nil }
