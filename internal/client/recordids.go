package client

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// withoutID starts the key of a record without an id (RecordKey), which
// no id starts with.
const withoutID = "\x00"

// RecordKey is the key that tells a record of a listing from a repeat of
// it: its id, or, for a record without one, all of its fields as text.
// Two records without an id, alike in every field, cannot be told from one
// record served twice: the read fails (RecordIDs) rather than count them
// twice.
func RecordKey[T any](id func(T) (string, bool)) func(T) (string, bool) {
	return func(record T) (string, bool) {
		if v, ok := id(record); ok && v != "" {
			return v, true
		}
		return withoutID + FieldsKey(record), true
	}
}

// FieldsKey is all of a record's fields as text: the same for two records
// alike in every field, and different for any two others.
func FieldsKey[T any](record T) string {
	return string(appendFields(nil, reflect.ValueOf(record)))
}

// appendFields appends v's fields as text, each string quoted and every
// struct and list bracketed, so that no text runs into the next field: the
// same fields give the same text, and other fields other text. A value
// that says what it is (tolerant.Number's String: 1.50 and 1.5 alike) is
// written as it says.
func appendFields(key []byte, v reflect.Value) []byte {
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return strconv.AppendQuote(key, s.String())
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		key = append(key, '{')
		for i := range v.NumField() {
			key = append(appendFields(key, v.Field(i)), ',')
		}
		return append(key, '}')
	case reflect.Slice, reflect.Array:
		key = append(key, '[')
		for i := range v.Len() {
			key = append(appendFields(key, v.Index(i)), ',')
		}
		return append(key, ']')
	case reflect.Pointer:
		if v.IsNil() {
			return append(key, "nil"...)
		}
		return append(appendFields(append(key, '&'), v.Elem()), ';')
	case reflect.String:
		return strconv.AppendQuote(key, v.String())
	default: // bools and numbers: their text has no delimiter in it
		return fmt.Append(key, v)
	}
}

// KeyName names a record in an error by its key (RecordKey): by its id,
// or as a record without one.
func KeyName(key string) string {
	if strings.HasPrefix(key, withoutID) {
		return "a record without an id, alike in every field,"
	}
	return fmt.Sprintf("record id %q", key)
}

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
//   - any other id is kept as its 64-bit hash: in a table of 6-byte
//     slots made for as many ids as the listing can hold (Expect), about
//     6.3 bytes an id (7-byte slots past a million ids or 4 095 pages),
//     or before that is known in a map, with its page. The read fails on
//     an id whose hash matches one read before (on another page, or on
//     the same page in the same attempt: see PageKeys), never counts a
//     record twice; the ids of a listing of a million on 4 000 pages match so
//     once in about 7 000 reads, of 100 000 on 400 pages once in about
//     500 000 (hashTable), and the seed is new in each process, so a
//     second read does not fail so.
type RecordIDs struct {
	Vendor string
	// Name, when set, names a record in an error by its id (what the
	// listing tells records apart by); else it is "record id" and the id.
	Name func(id string) string

	mu           sync.Mutex
	numbers      *roaring.Bitmap         // every numeric id
	numbersPages map[int]*roaring.Bitmap // each page's numeric ids
	seed         maphash.Seed
	expected     int               // Expect's records, up to maxTableIDs; 0: not said
	pages        int               // Expect's pages
	overflows    bool              // Expect's records are more than maxTableIDs
	table        hashTable         // other ids' hashes, once Expect sized it
	hashes       map[uint64]uint32 // other ids' hashes, and their pages, before that (or past it)
}

// Expect says that the listing holds at most records records on pages
// pages: the ids that are not numbers take about 6.3 bytes each from then
// on, not the 40 or so of a map. The table is made for at most
// maxTableIDs; ids past that go to a map, so that a count a listing only
// claims reserves little, as do ids of a page past pages. Later calls
// change nothing.
func (r *RecordIDs) Expect(records, pages int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if records <= 0 || r.expected > 0 {
		return
	}
	r.expected, r.pages, r.overflows = min(records, maxTableIDs), pages, records > maxTableIDs
	if r.hashes != nil {
		r.makeTable()
	}
}

// makeTable moves the hashes into a table made for the ids expected: when
// Expect is said, or at the first id that is not a number after it, so
// that a listing of numeric ids makes none.
func (r *RecordIDs) makeTable() {
	r.table = newHashTable(r.expected+len(r.hashes), r.pages, r.overflows)
	if r.table.unmap != nil {
		// A listing's reader releases its ids; this is for one that fails
		// to.
		runtime.AddCleanup(r, func(unmap func()) { unmap() }, r.table.unmap)
	}
	hashes := r.hashes
	r.hashes = nil
	for hash, page := range hashes {
		// A hash the table cannot hold (of a page it cannot hold, or whose
		// fingerprint it holds already, for another id) stays in the map,
		// which is looked in first: its page is the id's own.
		if _, seen, full := r.table.add(hash, page); seen || full {
			if r.hashes == nil {
				r.hashes = map[uint64]uint32{}
			}
			r.hashes[hash] = page
		}
	}
}

// hashOf is id's hash, under a seed made at the first id hashed.
func hashOf[Text ~string | ~[]byte](r *RecordIDs, id Text) uint64 {
	if r.hashes == nil && r.table.bytes == nil {
		r.seed = maphash.MakeSeed()
		if r.expected > 0 {
			r.makeTable()
		}
	}
	if bytes, ok := any(id).([]byte); ok {
		return maphash.Bytes(r.seed, bytes)
	}
	return maphash.String(r.seed, string(id))
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
		if err := addID(r, number, id, &page, nil); err != nil {
			return err
		}
	}
	return nil
}

// PageKeys notes the keys of one page's records as they are decoded, so
// that none is kept: the first key read before fails the page (Err). Each
// decoding of the page (an attempt: the page asked for again, or decoded
// whole after a stream that failed) begins with Start; a key that only an
// earlier attempt of the same page noted is not read twice. (An attempt
// whose records differ from the next one's leaves its keys on the page: a
// server that changes a page between two answers may so fail the read.)
// Keys wait in a buffer of their own until keysAtOnce of them are noted
// under one lock, so that pages decoded side by side seldom wait for each
// other.
type PageKeys struct {
	ids     *RecordIDs
	number  int
	waiting []byte // keys not yet noted, one after the other
	ends    []int  // where each waiting key ends
	attempt attemptKeys
	err     error
}

// attemptKeys are what one attempt of a page noted (hashes, and numbers
// with attemptNumber set): in order, and as a set once one is looked for,
// which only a page decoded again needs.
type attemptKeys struct {
	noted []uint64
	set   map[uint64]struct{}
}

func (a *attemptKeys) add(key uint64) {
	a.noted = append(a.noted, key)
	if a.set != nil {
		a.set[key] = struct{}{}
	}
}

func (a *attemptKeys) has(key uint64) bool {
	if a.set == nil {
		a.set = make(map[uint64]struct{}, len(a.noted))
		for _, noted := range a.noted {
			a.set[noted] = struct{}{}
		}
	}
	_, ok := a.set[key]
	return ok
}

func (a *attemptKeys) clear() { a.noted, a.set = a.noted[:0], nil }

// keysAtOnce is how many keys a page notes under one lock.
const keysAtOnce = 32

// attemptNumber marks a numeric id among an attempt's hashes, which are
// kept without that bit.
const attemptNumber = 1 << 63

// PageKeys notes the keys of page number's records.
func (r *RecordIDs) PageKeys(number int) *PageKeys { return &PageKeys{ids: r, number: number} }

// Start begins an attempt: what earlier ones noted is the page's already,
// and what they left waiting is dropped.
func (p *PageKeys) Start() {
	p.waiting, p.ends, p.err = p.waiting[:0], p.ends[:0], nil
	p.attempt.clear()
}

// Note notes key (an id, or what tells a record from another); after the
// first key read before, nothing more.
func (p *PageKeys) Note(key []byte) {
	if p.err != nil || len(key) == 0 {
		return
	}
	p.waiting = append(p.waiting, key...)
	p.ends = append(p.ends, len(p.waiting))
	if len(p.ends) == keysAtOnce {
		p.noteWaiting()
	}
}

// Err is the first key the attempt read that was read before.
func (p *PageKeys) Err() error {
	p.noteWaiting()
	return p.err
}

func (p *PageKeys) noteWaiting() {
	if len(p.ends) == 0 {
		return
	}
	r := p.ids
	r.mu.Lock()
	var page *roaring.Bitmap
	start := 0
	for _, end := range p.ends {
		if p.err == nil {
			p.err = addID(r, p.number, p.waiting[start:end], &page, &p.attempt)
		}
		start = end
	}
	r.mu.Unlock()
	p.waiting, p.ends = p.waiting[:0], p.ends[:0]
}

// addID notes id, read on page number (page: its bitmap of numeric ids,
// once found), or fails on an id read before. With attempt set, id is a
// page's key noted as it is decoded: one read on this same page but not in
// attempt was noted by an earlier attempt of the page, and is not a repeat.
func addID[Text ~string | ~[]byte](r *RecordIDs, number int, id Text, page **roaring.Bitmap, attempt *attemptKeys) error {
	if len(id) == 0 {
		return nil
	}
	earlierAttempt := func(noted uint64) bool {
		if attempt == nil || attempt.has(noted) {
			return false
		}
		attempt.add(noted)
		return true
	}
	if n, ok := plainNumber(id); ok {
		if *page == nil {
			*page = r.numericPage(number)
		}
		if !r.numbers.CheckedAdd(n) {
			earlier := r.otherPageOf(n, number)
			if earlier == number && earlierAttempt(attemptNumber|uint64(n)) {
				return nil
			}
			return r.repeated(string(id), earlier, number)
		}
		(*page).Add(n)
		if attempt != nil {
			attempt.add(attemptNumber | uint64(n))
		}
		return nil
	}
	hash := hashOf(r, id)
	earlier, seen := r.hashes[hash]
	full := false
	if !seen {
		earlier, seen, full = r.table.add(hash, uint32(number)) //nolint:gosec // page numbers stop at MaxPages
	}
	if seen {
		if int(earlier) == number && earlierAttempt(hash&^attemptNumber) {
			return nil
		}
		return r.repeated(string(id), int(earlier), number)
	}
	if full {
		if r.hashes == nil {
			r.hashes = map[uint64]uint32{}
		}
		r.hashes[hash] = uint32(number) //nolint:gosec // page numbers stop at MaxPages
	}
	if attempt != nil {
		attempt.add(hash &^ attemptNumber)
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
	r.numbers, r.numbersPages, r.expected, r.pages, r.overflows, r.table, r.hashes = nil, nil, 0, 0, false, hashTable{}, nil
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
func plainNumber[Text ~string | ~[]byte](id Text) (uint32, bool) {
	if len(id) > 10 || id[0] == '0' && len(id) > 1 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return 0, false
		}
		n = 10*n + uint64(id[i]-'0')
	}
	return uint32(n), n <= math.MaxUint32
}

// hashTable is a set of 64-bit hashes of a size fixed when it is made,
// with the page each was read on, by open addressing: a slot is 6 or 7
// bytes, the page in as few bits as the listing's pages take (pageBits)
// and as many of the hash's low bits as the rest holds, its fingerprint;
// 0 is a free slot. A hash is looked for from a slot its top bits choose,
// which the slot need not keep.
//
// Two ids whose hashes share a fingerprint fail the read as one id read
// twice: a million ids make about ten million comparisons of slots while
// they fill the table, so on 4 000 pages (12 bits, a fingerprint of 36 in
// 6 bytes) they fail so once in about 7 000 reads (and, the seed being
// new, not again on the next read); 100 000 ids on 400 pages (a
// fingerprint of 39) once in about 500 000. Slots are 7 bytes (a
// fingerprint of 42 or more) for a listing of more pages, or of more ids
// than the table's million: those go to a map, each still looked for in
// the full table, about 200 slots, and a listing of 2.5 million on 10 000
// pages fails so once in about 13 000.
type hashTable struct {
	bytes     []byte // slotBytes a slot, then what the last slot needs to read as a word
	size      int    // slots
	used      int
	slotBytes int
	slotMask  uint64
	pageBits  int
	unmap     func() // frees bytes mapped outside the heap (once); nil for bytes on the heap
}

// maxTableIDs is the most ids a table is made for: 6.6 MB, for a listing
// of a million records.
const maxTableIDs = 1 << 20

// minNarrowFingerprint is the fewest bits of hash a slot of 6 bytes may
// keep: with fewer, a slot is 7.
const minNarrowFingerprint = 36

// newHashTable makes a table for n hashes read on pages 1 to pages (up to
// MaxPages); overflows says that more will be looked for in it once it is
// full (see hashTable). It is nineteen twentieths full at most: a search
// that finds nothing probes about 200 slots when the table is that full,
// 10 on average over its filling, in a row of memory (about a cache line);
// a table filled to nine tenths would take 0.3 MB more at a million ids.
//
// Where the system allows, its slots are memory of their own, outside the
// collector's heap: the table lives as long as the read, and on the heap
// it would count as live data, which the collector lets the heap grow
// past by as much again before it collects (GOGC=100), so a table of
// 6 MB would cost about 12.
func newHashTable(n, pages int, overflows bool) hashTable {
	pageBits := bits.Len(uint(min(max(pages, 1), MaxPages))) //nolint:gosec // at least 1
	slotBytes := 6
	if overflows || 8*slotBytes-pageBits < minNarrowFingerprint {
		slotBytes = 7
	}
	size := n + n/19 + 1
	length := size*slotBytes + 8 - slotBytes
	t := hashTable{size: size, slotBytes: slotBytes, slotMask: 1<<(8*slotBytes) - 1, pageBits: pageBits}
	if bytes, unmap := bytesOutsideHeap(length); bytes != nil {
		t.bytes, t.unmap = bytes, sync.OnceFunc(unmap)
		return t
	}
	t.bytes = make([]byte, length)
	return t
}

// add adds hash, read on page, unless the table has it already (seen,
// with the page it was read on) or is made for fewer hashes, or pages,
// than it would then hold (full, or not made).
func (t *hashTable) add(hash uint64, page uint32) (earlier uint32, seen, full bool) {
	if t.bytes == nil {
		return 0, false, true
	}
	pageMask := uint64(1)<<t.pageBits - 1
	fingerprint := hash & (t.slotMask >> t.pageBits)
	i := t.home(hash)
	for ; ; i = t.next(i) {
		slot := t.slot(i)
		if slot == 0 {
			break
		}
		if slot>>t.pageBits == fingerprint {
			return uint32(slot & pageMask), true, false //nolint:gosec // a page takes at most 14 bits
		}
	}
	if 20*(t.used+1) > 19*t.size || page == 0 || uint64(page) > pageMask {
		return 0, false, true
	}
	t.setSlot(i, fingerprint<<t.pageBits|uint64(page))
	t.used++
	return 0, false, false
}

// slot is what slot i holds.
func (t *hashTable) slot(i int) uint64 {
	return binary.LittleEndian.Uint64(t.bytes[i*t.slotBytes:]) & t.slotMask
}

// setSlot writes slot i, leaving the next slot's bytes as they are.
func (t *hashTable) setSlot(i int, slot uint64) {
	word := t.bytes[i*t.slotBytes:]
	binary.LittleEndian.PutUint64(word, binary.LittleEndian.Uint64(word)&^t.slotMask|slot)
}

// home is the slot a search for hash starts at: chosen by its top bits,
// which the slot does not keep.
func (t *hashTable) home(hash uint64) int {
	hi, _ := bits.Mul64(hash, uint64(t.size)) //nolint:gosec // a table's size is positive
	return int(hi)                            //nolint:gosec // below t.size
}

func (t *hashTable) next(i int) int {
	if i++; i == t.size {
		return 0
	}
	return i
}
