package client

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A repeated id fails, naming both pages in order whatever order the
// pages were added in, for ids held as numbers and as hashes alike; ids
// that are different text are different ids, even when they read as the
// same number.
func TestRecordIDs(t *testing.T) {
	type add struct {
		page int
		ids  []string
	}
	for _, tc := range []struct {
		name   string
		expect int // Expect's records (on 10 pages), before the first add; 0: not called
		adds   []add
		want   string // the error's words; "": every add passes
	}{
		{name: "numbers, all different", adds: []add{{1, []string{"1", "2"}}, {2, []string{"3", "4294967295"}}}},
		{name: "text, all different", adds: []add{{1, []string{"a", "b"}}, {2, []string{"c"}}}},
		{name: "the same number in other spellings", adds: []add{{1, []string{"7", "07", "007", "+7", "7.0", " 7", "4294967296", "04294967296"}}}},
		{name: "the largest number, and one past it", adds: []add{{1, []string{"4294967295"}}, {2, []string{"4294967296", "9999999999"}}}},
		{name: "a number twice on a page", adds: []add{{1, []string{"5", "6", "5"}}},
			want: `Test returned an incomplete or inconsistent listing: page 1: record id "5" appears twice on page 1`},
		{name: "text twice on a page", adds: []add{{1, []string{"x", "y", "x"}}},
			want: `page 1: record id "x" appears twice on page 1`},
		{name: "a number on a later page", adds: []add{{1, []string{"1"}}, {2, []string{"2"}}, {3, []string{"2"}}},
			want: `page 3: record id "2" is on page 2 and again on page 3: the server repeated records, which would count them twice`},
		{name: "a number on an earlier page added later", adds: []add{{1, []string{"1"}}, {4, []string{"9"}}, {2, []string{"9"}}},
			want: `page 4: record id "9" is on page 2 and again on page 4`},
		{name: "text on an earlier page added later", adds: []add{{4, []string{"uuid-9"}}, {2, []string{"uuid-9"}}},
			want: `page 4: record id "uuid-9" is on page 2 and again on page 4`},
		{name: "numbers and text side by side", adds: []add{{1, []string{"1", "a"}}, {2, []string{"a1", "1"}}},
			want: `page 2: record id "1" is on page 1 and again on page 2`},
		{name: "text in a sized table", expect: 4, adds: []add{{1, []string{"a"}}, {3, []string{"b", "c"}}, {2, []string{"b"}}},
			want: `page 3: record id "b" is on page 2 and again on page 3`},
		{name: "text twice on a page of a sized table", expect: 4, adds: []add{{1, []string{"x", "y", "x"}}},
			want: `page 1: record id "x" appears twice on page 1`},
		{name: "more text than the table is sized for", expect: 2, adds: []add{{1, []string{"a", "b", "c"}}, {2, []string{"d", "e"}}, {3, []string{"e"}}},
			want: `page 3: record id "e" is on page 2 and again on page 3`},
		{name: "text first in a table that is too small", expect: 1, adds: []add{{1, []string{"a", "b", "c"}}, {2, []string{"a"}}},
			want: `page 2: record id "a" is on page 1 and again on page 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ledger := &RecordIDs{Vendor: "Test"}
			if tc.expect > 0 {
				ledger.Expect(tc.expect, 10)
			}
			var err error
			for _, a := range tc.adds {
				if err = ledger.Add(a.page, a.ids...); err != nil {
					break
				}
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("want no error, got %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("want %q, got no error", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("want %q in\n%v", tc.want, err)
			}
			if paging := (*PagingError)(nil); err != nil && !errors.As(err, &paging) {
				t.Fatalf("want a *PagingError, got %T", err)
			}
		})
	}
}

// Ids added before Expect sized the table are still found after it.
func TestRecordIDsSizedAfterTheFirstPage(t *testing.T) {
	ledger := &RecordIDs{Vendor: "Test"}
	if err := ledger.Add(1, "a", "b", "c"); err != nil {
		t.Fatal(err)
	}
	ledger.Expect(1000, 3)
	if err := ledger.Add(2, "d", "e"); err != nil {
		t.Fatal(err)
	}
	for page, id := range map[int]string{1: "a", 2: "e"} {
		err := ledger.Add(3, id)
		if want := fmt.Sprintf("record id %q is on page %d and again on page 3", id, page); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}

// A listing that claims more records than a table is made for reserves no
// more than that table; the ids past it are still checked.
func TestRecordIDsTableIsBounded(t *testing.T) {
	ledger := &RecordIDs{Vendor: "Test"}
	ledger.Expect(100*maxTableIDs, MaxPages)
	if err := ledger.Add(1, "a"); err != nil {
		t.Fatal(err)
	}
	if slots, most := ledger.table.size, maxTableIDs+maxTableIDs/3+1; slots > most {
		t.Errorf("a table of %d slots for a claimed %d records; want at most %d", slots, 100*maxTableIDs, most)
	}
	if err := ledger.Add(2, "a"); err == nil || !strings.Contains(err.Error(), `record id "a" is on page 1 and again on page 2`) {
		t.Errorf("want the repeated id refused, got %v", err)
	}
}

// A table keeps every hash it takes with its page, in slots packed side by
// side (a slot written leaves its neighbours as they were), wrapping from
// its last slot to its first, until it is nineteen twentieths full; the
// page takes the bits the listing's pages need, the fingerprint the rest
// of 6 bytes, or of 7 when 6 would leave fewer than 36 bits or more ids
// will be looked for than the table holds; a page past them is not the
// table's to hold.
func TestHashTableKeepsEveryHashWithItsPage(t *testing.T) {
	for _, c := range []struct {
		pages                      int
		overflows                  bool
		slotBytes, fingerprintBits int
	}{
		{pages: MaxPages, slotBytes: 7, fingerprintBits: 42},
		{pages: 4095, slotBytes: 6, fingerprintBits: 36},
		{pages: 4096, slotBytes: 7, fingerprintBits: 43},
		{pages: 5, slotBytes: 6, fingerprintBits: 45},
		{pages: 1, slotBytes: 6, fingerprintBits: 47},
		{pages: 5, overflows: true, slotBytes: 7, fingerprintBits: 53},
	} {
		t.Run(fmt.Sprintf("%d pages, overflows %v", c.pages, c.overflows), func(t *testing.T) {
			const n = 1000
			table := newHashTable(n, c.pages, c.overflows)
			defer unmap(table)
			if table.slotBytes != c.slotBytes || 8*table.slotBytes-table.pageBits != c.fingerprintBits {
				t.Fatalf("slots of %d bytes, fingerprints of %d bits; want %d and %d",
					table.slotBytes, 8*table.slotBytes-table.pageBits, c.slotBytes, c.fingerprintBits)
			}
			fingerprintMask := uint64(1)<<c.fingerprintBits - 1
			hashes := map[uint64]uint32{}
			for i := uint64(0); ; i++ {
				// Every third hash starts at the table's last slot, so that
				// searches wrap; the rest are spread; two have a fingerprint
				// of all ones and of all zeros.
				hash := i * 0x9e3779b97f4a7c15
				switch {
				case i == 1:
					hash |= fingerprintMask
				case i == 2:
					hash &^= fingerprintMask
				case i%3 == 0:
					hash |= ^fingerprintMask
				}
				page := uint32(1 + i%uint64(c.pages)) //nolint:gosec // pages is positive
				if _, seen, full := table.add(hash, page); full {
					break
				} else if seen {
					t.Fatalf("hash %#x seen before it was added", hash)
				}
				hashes[hash] = page
			}
			if most := 19 * table.size / 20; len(hashes) != most {
				t.Errorf("the table took %d hashes in %d slots, want %d", len(hashes), table.size, most)
			}
			for hash, page := range hashes {
				if earlier, seen, _ := table.add(hash, page+1); !seen || earlier != page {
					t.Fatalf("hash %#x: seen %v on page %d, want page %d", hash, seen, earlier, page)
				}
			}
			if _, seen, _ := table.add(0x123456789abcdef0, 1); seen {
				t.Error("a hash never added was seen")
			}
		})
	}
	table := newHashTable(10, 5, false)
	defer unmap(table)
	if _, _, full := table.add(0x123456789abcdef0, 8); !full {
		t.Error("a table made for 5 pages took a hash of page 8, which its 3 bits of page hold")
	}
}

func unmap(table hashTable) {
	if table.unmap != nil {
		table.unmap()
	}
}

// A ledger told of a listing of a million ids on 4 000 pages makes slots
// of 6 bytes; of one more id than the table holds, slots of 7.
func TestRecordIDsSlotsFitTheListing(t *testing.T) {
	for _, c := range []struct{ records, pages, slotBytes int }{
		{1_000_000, 4000, 6},
		{maxTableIDs + 1, 100, 7},
		{2_500_000, MaxPages, 7},
	} {
		ledger := &RecordIDs{Vendor: "Test"}
		ledger.Expect(c.records, c.pages)
		if err := ledger.Add(1, "a"); err != nil {
			t.Fatal(err)
		}
		if ledger.table.slotBytes != c.slotBytes {
			t.Errorf("%d records on %d pages: slots of %d bytes, want %d", c.records, c.pages, ledger.table.slotBytes, c.slotBytes)
		}
		ledger.Release()
	}
}

// Ids noted before the table was made keep their pages once it is, and
// ids of a page the table cannot hold (page 0, or one past the pages the
// listing was said to have) stay in the map: all are still found.
func TestRecordIDsMovedIntoTheTableKeepTheirPages(t *testing.T) {
	ledger := &RecordIDs{Vendor: "Test"}
	if err := ledger.Add(0, "on page 0"); err != nil {
		t.Fatal(err)
	}
	if err := ledger.Add(3, "on page 3"); err != nil {
		t.Fatal(err)
	}
	ledger.Expect(100, 3)
	if err := ledger.Add(4, "on page 4, past the pages expected"); err != nil {
		t.Fatal(err)
	}
	for id, page := range map[string]int{"on page 0": 0, "on page 3": 3, "on page 4, past the pages expected": 4} {
		err := ledger.Add(5, id)
		if want := fmt.Sprintf("record id %q is on page %d and again on page 5", id, page); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}
