package client

import (
	"fmt"
	"hash/maphash"
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
//   - any other id is kept as its 64-bit hash, with its page: a dozen bytes
//     or so however long the id. Two ids of one listing share a hash with a
//     chance of about n²/2⁶⁵ (one in 37 million for a million ids); the
//     read then fails, never counts a record twice, and the seed is new in
//     each process, so a second read does not fail so.
type RecordIDs struct {
	Vendor string

	mu           sync.Mutex
	numbers      *roaring.Bitmap         // every numeric id
	numbersPages map[int]*roaring.Bitmap // each page's numeric ids
	seed         maphash.Seed
	hashes       map[uint64]uint32 // every other id's hash, and its page
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
		if r.hashes == nil {
			r.seed = maphash.MakeSeed()
			r.hashes = make(map[uint64]uint32, len(ids))
		}
		hash := maphash.String(r.seed, id)
		if earlier, seen := r.hashes[hash]; seen {
			return r.repeated(id, int(earlier), number)
		}
		r.hashes[hash] = uint32(number) //nolint:gosec // page numbers stop at MaxPages
	}
	return nil
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
	return &PagingError{Vendor: r.Vendor, Page: max(earlier, number),
		Problem: fmt.Sprintf("record id %q %s: the server repeated records, which would count them twice", id, where)}
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
