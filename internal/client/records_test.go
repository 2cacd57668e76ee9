package client

import (
	"errors"
	"slices"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// A page decodes into the slice made for it, on the fast way: its records
// are not copied into ever larger slices as they are read.
func TestDecodePageFillsTheSliceMadeForThePage(t *testing.T) {
	type page struct {
		Total *tolerant.Number `json:"total"`
		Items []decodeRecord   `json:"items"`
	}
	for _, tc := range []struct {
		body           string
		capacity, rows int
	}{
		{body: `{"total":3,"items":[{"id":"1"},{"id":"2"},{"id":"3"}]}`, capacity: 3, rows: 3},
		{body: `{"total":3,"items":[{"id":"1"},{"id":"2"},{"id":"3"}]}`, capacity: 5, rows: 3},
		{body: `{"total":0,"items":[]}`, capacity: 5, rows: 0},
	} {
		var got page
		plain, err := DecodePage(&Response{Vendor: "Test", Body: []byte(tc.body)}, &got, "a test page", NewRecords[decodeRecord](1, tc.capacity, nil, nil))
		if err != nil || plain {
			t.Fatalf("%s: DecodePage = plain %t, %v; want the fast way", tc.body, plain, err)
		}
		if len(got.Items) != tc.rows || cap(got.Items) != tc.capacity {
			t.Errorf("%s: %d records in a slice of capacity %d, want %d in the %d made for the page", tc.body, len(got.Items), cap(got.Items), tc.rows, tc.capacity)
		}
		if got.Items == nil {
			t.Errorf("%s: [] decoded as no key (nil)", tc.body)
		}
	}
}

// A filtered sink hands on only the records kept, whether it takes pages
// or folds them, and fails the read on a record keep cannot judge.
func TestSinkFilter(t *testing.T) {
	keep := func(r *int) (bool, error) {
		if *r < 0 {
			return false, errors.New("a negative record")
		}
		return *r%2 == 0, nil
	}
	var pages []int
	paged := Sink[int]{Pages: func(rows []int) error {
		pages = append(pages, rows...)
		return nil
	}}.Filter(keep)
	var folded foldedRecords
	folding := Sink[int]{Fold: folded.fold}.Filter(keep)
	for name, sink := range map[string]Sink[int]{"pages": paged, "fold": folding} {
		if err := sink.Take([]int{0, 1, 2, 3, 4}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sink.Take([]int{6, -1}); err == nil || err.Error() != "a negative record" {
			t.Errorf("%s: err = %v, want keep's error", name, err)
		}
	}
	if want := []int{0, 2, 4}; !slices.Equal(pages, want) {
		t.Errorf("pages handed on %v, want %v", pages, want)
	}
	if got, want := folded.sorted(), []int{0, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("folded %v, want %v: a part that failed must not join", got, want)
	}
}
