package client

import (
	"fmt"
	"strings"
	"testing"
)

// Pages of ids added to a ledger fail where a map of every id to the page
// it was first read on says an id was read before, naming the same pages:
// no repeat is missed, whether the ledger holds an id as a number, in its
// table (told to expect few records on few pages, before or after the
// first pages, so that the table fills and ids past it, or of a page past
// its pages or of page 0, go to its map, or stay there) or in its map
// alone. (A repeat the map does not see would be two ids whose hashes
// share a fingerprint: with a few hundred ids, once in millions of runs.)
func FuzzRecordIDsAsAMap(f *testing.F) {
	f.Add("a b c|d e|a", uint8(3), uint8(2), uint8(0), uint16(0))
	f.Add("1 2 3|4 5|2", uint8(0), uint8(0), uint8(0), uint16(0b110))
	f.Add("x y|z|w v|y", uint8(2), uint8(1), uint8(1), uint16(0b1010))
	f.Add("07 7 007|0 00", uint8(4), uint8(4), uint8(0), uint16(0xffff))
	f.Add("a|b|c|d|e|f|g|h|a", uint8(1), uint8(9), uint8(3), uint16(0x5555))
	f.Add("p q p", uint8(10), uint8(1), uint8(0), uint16(0x0101))
	f.Add("a b|c|a", uint8(5), uint8(5), uint8(1), uint16(0x0303))
	f.Add("a b 1 2|c 1 a 2|d", uint8(6), uint8(3), uint8(0), uint16(0x0707))
	var ids []string
	for i := range 100 {
		ids = append(ids, fmt.Sprintf("id-%d", i))
	}
	f.Add(strings.Join(ids[:70], " ")+"|"+strings.Join(ids[70:], " ")+" id-3", uint8(100), uint8(2), uint8(0), uint16(0x0303))
	f.Add(strings.Join(ids[:70], " ")+"|"+strings.Join(ids[70:], " ")+" id-99", uint8(100), uint8(2), uint8(0), uint16(0x0202))
	f.Fuzz(func(t *testing.T, listing string, records, pages, expectAfter uint8, noting uint16) {
		ledger := &RecordIDs{Vendor: "Test"}
		defer ledger.Release()
		first := map[string]int{}
		for number, page := range strings.Split(listing, "|") {
			if number == int(expectAfter) && records > 0 {
				ledger.Expect(int(records), int(pages))
			}
			ids := strings.Fields(page)
			want := ""
			for _, id := range ids {
				earlier, seen := first[id]
				if !seen {
					first[id] = number
					continue
				}
				want = fmt.Sprintf("record id %q appears twice on page %d", id, number)
				if earlier != number {
					want = fmt.Sprintf("record id %q is on page %d and again on page %d", id, earlier, number)
				}
				break
			}
			// Bit number%8 of noting: noted one at a time; of its high
			// byte: after an attempt that noted the first half (what the
			// page would be if it broke off), and that left it waiting
			// (dropped by the next Start) on pages of an odd number.
			var err error
			if noting>>(number%8)&1 == 0 {
				err = ledger.Add(number, ids...)
			} else {
				keys := ledger.PageKeys(number)
				if noting>>(8+number%8)&1 == 1 {
					keys.Start()
					for _, id := range ids[:len(ids)/2] {
						keys.Note([]byte(id))
					}
					if number%2 == 0 {
						_ = keys.Err() // what it noted reaches the ledger
					}
				}
				keys.Start()
				for _, id := range ids {
					keys.Note([]byte(id))
				}
				err = keys.Err()
			}
			switch {
			case want == "" && err != nil:
				t.Fatalf("page %d %q: %v; the map finds no id read before", number, ids, err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Fatalf("page %d %q: %v; want %q", number, ids, err, want)
			case want != "":
				return
			}
		}
	})
}
