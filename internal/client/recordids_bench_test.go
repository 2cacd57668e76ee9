package client

import (
	"runtime"
	"strconv"
	"testing"
)

// The memory a listing's record ids hold while it is read: a million ids
// of 1 000 a page, numeric (as Ocamba writes them) and not (as UUIDs are),
// in a ledger told how many there can be, as the paging core tells it;
// reported as bytes an id, on the heap and in the table of hashes mapped
// outside it.
func BenchmarkRecordIDs(b *testing.B) {
	const records, perPage = 1_000_000, 1000
	for _, ids := range []struct {
		name string
		id   func(int) string
	}{
		{"numeric", func(i int) string { return strconv.Itoa(1_000_000_000 + i) }},
		{"uuid", func(i int) string {
			return "5ea7" + strconv.FormatInt(int64(i)*2654435761, 16) + "-0000-4000-8000-00000000abcd"
		}},
	} {
		pages := make([][]string, records/perPage)
		for p := range pages {
			pages[p] = make([]string, perPage)
			for i := range pages[p] {
				pages[p][i] = ids.id(p*perPage + i)
			}
		}
		b.Run(ids.name, func(b *testing.B) {
			var held float64
			for b.Loop() {
				before := heapInUse()
				ledger := &RecordIDs{Vendor: "Test"}
				ledger.Expect(records, records/perPage)
				for p, page := range pages {
					if err := ledger.Add(p+1, page...); err != nil {
						b.Fatal(err)
					}
				}
				held = float64(heapInUse()-before+ledger.outsideHeap()) / records
				ledger.Release()
			}
			b.ReportMetric(held, "bytes/id")
		})
	}
}

// outsideHeap is the bytes of the ledger's table mapped outside the heap.
func (r *RecordIDs) outsideHeap() int64 {
	if r.table.unmap == nil {
		return 0
	}
	return int64(len(r.table.bytes))
}

func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}
