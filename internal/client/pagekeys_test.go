package client

import (
	"context"
	"strings"
	"testing"
)

// keyOf writes a streamed record's key: "key-" and its id.
func keyOf(r streamedRecord, key []byte) ([]byte, bool) { return append(key, "key-"+r.ID...), true }

// notedPage is page number of records, folded by fold with their keys
// noted in ids, as a vendor's decode makes it.
func notedPage(ids *RecordIDs, number int, fold Fold[streamedRecord], records ...streamedRecord) Page[streamedRecord] {
	r := NewRecords(1, 0, fold, nil).NotingKeys(ids.PageKeys(number), keyOf)
	r.Finish(records)
	return r.Page(records, int64(len(records)), 1)
}

// A page whose noted keys include one read before fails wherever it is
// taken (its part never joins): through the paging core, which does not
// look at its keys, or handed to a sink.
func TestAPageWithARepeatedKeyFails(t *testing.T) {
	const want = `record id "key-7" is on page 1 and again on page 2`
	newIDs := func() *RecordIDs {
		ids := &RecordIDs{Vendor: "Test"}
		if err := ids.Add(1, "key-7"); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	var folded foldedRecords
	fold := foldIDs(&folded, nil)
	ids := newIDs()
	defer ids.Release()
	err := EachPage(context.Background(), testAPI(1, Vendor{Name: "Test"}), 10,
		func(_ context.Context, _ int, fold Fold[streamedRecord]) (Page[streamedRecord], error) {
			return notedPage(ids, 2, fold, streamedRecord{ID: "7"}), nil
		}, nil, Sink[streamedRecord]{Fold: fold})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("EachPage: %v; want an error that says %q", err, want)
	}
	other := newIDs()
	defer other.Release()
	err = Sink[streamedRecord]{Fold: fold}.TakePage(notedPage(other, 2, fold, streamedRecord{ID: "7"}))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("TakePage: %v; want an error that says %q", err, want)
	}
	if folded.parts != 0 {
		t.Errorf("%d parts joined", folded.parts)
	}
}

// A hash moved from the map into a table that holds its fingerprint
// already, for another id, stays in the map with its own page.
func TestMakeTableKeepsAFingerprintTwinInTheMap(t *testing.T) {
	// The same fingerprint (the low 36 bits) and the same home slot (the
	// top bits choose it), but other hashes.
	const fingerprint = 0x123456789
	a, b := uint64(1)<<63|fingerprint, uint64(1)<<63|1<<40|fingerprint
	r := &RecordIDs{Vendor: "Test", hashes: map[uint64]uint32{a: 5, b: 9}}
	r.expected, r.pages = 10, 4095
	r.makeTable()
	defer r.Release()
	if r.table.used != 1 || len(r.hashes) != 1 {
		t.Fatalf("%d hashes in the table, %d in the map; want 1 and 1", r.table.used, len(r.hashes))
	}
	for hash, page := range r.hashes {
		if want := map[uint64]uint32{a: 5, b: 9}[hash]; page != want {
			t.Errorf("hash %#x on page %d in the map, want page %d", hash, page, want)
		}
	}
}
