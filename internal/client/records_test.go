package client

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// A page decodes into the slice made for it, on the fast way: its records
// are not copied into ever larger slices as they are read.
func TestDecodePageFillsTheSliceMadeForThePage(t *testing.T) {
	type page struct {
		Total *tolerant.Number      `json:"total"`
		Items Records[decodeRecord] `json:"items"`
	}
	for _, tc := range []struct {
		body     string
		capacity int
		rows     int // records decoded
	}{
		{body: `{"total":3,"items":[{"id":"1"},{"id":"2"},{"id":"3"}]}`, capacity: 3, rows: 3},
		{body: `{"total":3,"items":[{"id":"1"},{"id":"2"},{"id":"3"}]}`, capacity: 5, rows: 3},
		{body: `{"total":0,"items":[]}`, capacity: 5, rows: 0},
	} {
		fast := page{Items: NewRecords[decodeRecord](tc.capacity, nil, nil)}
		usePlain, err := (&Response{Vendor: "Test", Body: []byte(tc.body)}).DecodePage(&fast, new(struct{}), "a test page")
		if err != nil || usePlain {
			t.Fatalf("%s: DecodePage = plain %t, %v; want the fast way", tc.body, usePlain, err)
		}
		rows := fast.Items.Page(0, 0).Rows
		if len(rows) != tc.rows || cap(rows) != tc.capacity {
			t.Errorf("%s: %d records in a slice of capacity %d, want %d in the %d made for the page", tc.body, len(rows), cap(rows), tc.rows, tc.capacity)
		}
		if rows == nil {
			t.Errorf("%s: [] decoded as no key (nil)", tc.body)
		}
	}
}
