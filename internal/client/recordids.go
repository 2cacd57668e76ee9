package client

import (
	"fmt"
	"hash/maphash"
	"math/bits"
	"runtime"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// RecordIDs notes the page each record id of one listing was read on.
// Within a listing an id is unique, so an id read again means the server
// repeated records (served a page twice, or shifted the listing while it
// was read), which totals would count twice. Records without an id cannot
// be told apart and are not compared. Pages may be added concurrently.
//
// Ids are held in as few bytes as they allow:
//   - a number below 2³² written plainly (as Ocamba's usage ids are) is a
//     bit of a compressed bitmap: close to nothing for ids that run in
//     sequence, a few bytes for scattered ones. Each page keeps its own
//     bitmap too, to name the page an id was first read on.
//   - any other id is kept as its 64-bit hash: in a table of 8 bytes a
//     slot made for as many ids as the listing can hold (Expect), about
//     9 bytes an id, or before that is known in a map, with its page. The
//     read fails on an id whose hash matches one read before, never counts
//     a record twice; two ids of a listing of a million match so with a
//     chance of about one in 100 million, and the seed is new in each
//     process, so a second read does not fail so.
type RecordIDs struct {
	Vendor string
	// Name, when set, names a record in an error by its id (what the
	// listing tells records apart by); else it is "record id" and the id.
	Name func(id string) string

	mu           sync.Mutex
	numbers      *roaring.Bitmap         // every numeric id
	numbersPages map[int]*roaring.Bitmap // each page's numeric ids
	seed         maphash.Seed
	expected     int               // Expect's n; 0: not said
	table        hashTable         // other ids' hashes, once Expect sized it
	hashes       map[uint64]uint32 // other ids' hashes, and their pages, before that (or past it)
}

// Expect says that the listing holds at most n records: the ids that are
// not numbers take about 9 bytes each from then on, not the 40 or so of
// a map. The table is made for at most maxTableIDs; ids past that go to a
// map, so that a count a listing only claims reserves little. Later calls
// change nothing.
func (r *RecordIDs) Expect(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n <= 0 || r.expected > 0 {
		return
	}
	r.expected = min(n, maxTableIDs)
	if r.hashes != nil {
		r.makeTable()
	}
}

// makeTable moves the hashes into a table made for the ids expected: when
// Expect is said, or at the first id that is not a number after it, so
// that a listing of numeric ids makes none.
func (r *RecordIDs) makeTable() {
	r.table = newHashTable(r.expected + len(r.hashes))
	if r.table.unmap != nil {
		// A listing's reader releases its ids; this is for one that fails
		// to.
		runtime.AddCleanup(r, func(unmap func()) { unmap() }, r.table.unmap)
	}
	for hash, page := range r.hashes {
		r.table.insert(hash, page)
	}
	r.hashes = nil
}

// hashOf is id's hash, under a seed made at the first id hashed.
func (r *RecordIDs) hashOf(id string) uint64 {
	if r.hashes == nil && r.table.slots == nil {
		r.seed = maphash.MakeSeed()
		if r.expected > 0 {
			r.makeTable()
		}
	}
	return maphash.String(r.seed, id)
}

// Add notes the ids read on page number, or fails on one read before.
func (r *RecordIDs) Add(number int, ids ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var page *roaring.Bitmap
	defer func() {
		if page != nil {
			page.RunOptimize()
		}
	}()
	for _, id := range ids {
		if id == "" {
			continue
		}
		if n, ok := plainNumber(id); ok {
			if page == nil {
				page = r.numericPage(number)
			}
			if !r.numbers.CheckedAdd(n) {
				return r.repeated(id, r.otherPageOf(n, number), number)
			}
			page.Add(n)
			continue
		}
		hash := r.hashOf(id)
		if earlier, seen := r.table.find(hash); seen {
			return r.repeated(id, int(earlier), number)
		}
		if earlier, seen := r.hashes[hash]; seen {
			return r.repeated(id, int(earlier), number)
		}
		if r.table.insert(hash, uint32(number)) { //nolint:gosec // page numbers stop at MaxPages
			continue
		}
		if r.hashes == nil {
			r.hashes = make(map[uint64]uint32, len(ids))
		}
		r.hashes[hash] = uint32(number) //nolint:gosec // page numbers stop at MaxPages
	}
	return nil
}

// Release gives back the memory of the ids, when the listing's read is
// over: a table of hashes outside the heap is not the collector's to free.
// The RecordIDs must not be used again.
func (r *RecordIDs) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.table.unmap != nil {
		r.table.unmap()
	}
	r.numbers, r.numbersPages, r.expected, r.table, r.hashes = nil, nil, 0, hashTable{}, nil
}

// numericPage is page number's bitmap of numeric ids, made on first use.
func (r *RecordIDs) numericPage(number int) *roaring.Bitmap {
	if r.numbers == nil {
		r.numbers = roaring.New()
		r.numbersPages = map[int]*roaring.Bitmap{}
	}
	page, ok := r.numbersPages[number]
	if !ok {
		page = roaring.New()
		r.numbersPages[number] = page
	}
	return page
}

// otherPageOf is the page other than number that numeric id n was read
// on, or number itself when it is that page that has n twice.
func (r *RecordIDs) otherPageOf(n uint32, number int) int {
	for p, ids := range r.numbersPages {
		if p != number && ids.Contains(n) {
			return p
		}
	}
	return number
}

func (r *RecordIDs) repeated(id string, earlier, number int) error {
	where := fmt.Sprintf("appears twice on page %d", number)
	if earlier != number {
		where = fmt.Sprintf("is on page %d and again on page %d", min(earlier, number), max(earlier, number))
	}
	name := fmt.Sprintf("record id %q", id)
	if r.Name != nil {
		name = r.Name(id)
	}
	return &PagingError{Vendor: r.Vendor, Page: max(earlier, number),
		Problem: fmt.Sprintf("%s %s: the server repeated records, which would count them twice", name, where)}
}

// plainNumber reads an id written as a number below 2³² without sign,
// leading zero or anything else: the ids that are one number each. "007"
// and "7" are different ids, so only one of them may be a number.
func plainNumber(id string) (uint32, bool) {
	if len(id) > 10 || id[0] == '0' && len(id) > 1 {
		return 0, false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(id, 10, 32)
	return uint32(n), err == nil
}

// hashTable is a set of 64-bit hashes of a size fixed when it is made,
// with the page each was read on, by open addressing: a slot is 8 bytes,
// the hash's low 50 bits and the page (pages stop at MaxPages, below
// 2¹⁴); 0 is a free slot. A hash is looked for from a slot its top bits
// choose, so a match of the 50 bits a slot keeps is a match of nearly
// the whole hash.
type hashTable struct {
	slots []uint64
	used  int
	unmap func() // frees slots mapped outside the heap (once); nil for slots on the heap
}

// maxTableIDs is the most ids a table is made for: 9.3 MB, for a listing
// of a million records.
const maxTableIDs = 1 << 20

const (
	pageBits        = 14
	fingerprintBits = 64 - pageBits
	fingerprintMask = 1<<fingerprintBits - 1
)

// newHashTable makes a table for n hashes, nine tenths full at most: a
// search that finds nothing probes about 50 slots when the table is that
// full, 5 on average over its filling, in a row of memory; a quarter of
// the table left empty would cost 2 MB more at a million ids.
//
// Where the system allows, its slots are memory of their own, outside the
// collector's heap: the table lives as long as the read, and on the heap
// it would count as live data, which the collector lets the heap grow
// past by as much again before it collects (GOGC=100), so a table of
// 9 MB would cost about 18.
func newHashTable(n int) hashTable {
	size := n + n/9 + 1
	if slots, unmap := wordsOutsideHeap(size); slots != nil {
		return hashTable{slots: slots, unmap: sync.OnceFunc(unmap)}
	}
	return hashTable{slots: make([]uint64, size)}
}

// find returns the page of hash, when the table has it.
func (t *hashTable) find(hash uint64) (uint32, bool) {
	if t.slots == nil {
		return 0, false
	}
	fingerprint := hash & fingerprintMask
	for i := t.home(hash); ; i = t.next(i) {
		slot := t.slots[i]
		switch {
		case slot == 0:
			return 0, false
		case slot>>pageBits == fingerprint:
			return uint32(slot & (1<<pageBits - 1)), true
		}
	}
}

// insert adds hash, read on page, unless the table is made for fewer
// hashes than it would then hold.
func (t *hashTable) insert(hash uint64, page uint32) bool {
	if t.slots == nil || 10*(t.used+1) > 9*len(t.slots) || page == 0 || page >= 1<<pageBits {
		return false
	}
	i := t.home(hash)
	for t.slots[i] != 0 {
		i = t.next(i)
	}
	t.slots[i] = (hash&fingerprintMask)<<pageBits | uint64(page)
	t.used++
	return true
}

// home is the slot a search for hash starts at: chosen by its top bits,
// which the slot does not keep.
func (t *hashTable) home(hash uint64) int {
	hi, _ := bits.Mul64(hash, uint64(len(t.slots)))
	return int(hi) //nolint:gosec // below len(t.slots)
}

func (t *hashTable) next(i int) int {
	if i++; i == len(t.slots) {
		return 0
	}
	return i
}
