package tolerant

import (
	"errors"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// wideRecord has more fields than fieldSet keeps in its bits: F64 and
// F65 are kept in its map.
type wideRecord struct {
	F00, F01, F02, F03, F04, F05, F06, F07, F08, F09, F10, F11, F12, F13, F14, F15, F16, F17, F18, F19, F20, F21, F22, F23, F24, F25, F26, F27, F28, F29, F30, F31, F32, F33, F34, F35, F36, F37, F38, F39, F40, F41, F42, F43, F44, F45, F46, F47, F48, F49, F50, F51, F52, F53, F54, F55, F56, F57, F58, F59, F60, F61, F62, F63, F64, F65 Number
}

var wideRecords = RecordOf[wideRecord]()

func (w *wideRecord) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return wideRecords.Decode(dec, w)
}

// A name given twice is refused past a record's 64th field too, and names
// of fields there, each given once, are read.
func TestRecordRefusesANameGivenTwicePastItsFirst64Fields(t *testing.T) {
	for _, body := range []string{
		`{"F63":1,"F64":2,"F64":3}`,
		`{"F64":1,"F65":2,"f65":3}`,
	} {
		var w wideRecord
		err := jsonv2.Unmarshal([]byte(body), &w, DecoderOptions())
		if !errors.Is(err, jsontext.ErrDuplicateName) {
			t.Errorf("%s: read with error %v, want a duplicate name error", body, err)
		}
	}
	var w wideRecord
	if err := jsonv2.Unmarshal([]byte(`{"F00":1,"F63":2,"F64":3,"F65":4}`), &w, DecoderOptions()); err != nil {
		t.Fatal(err)
	}
	if w.F00.String() != "1" || w.F63.String() != "2" || w.F64.String() != "3" || w.F65.String() != "4" {
		t.Errorf("a field was not read: %v %v %v %v", w.F00, w.F63, w.F64, w.F65)
	}
}
