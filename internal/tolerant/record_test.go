package tolerant

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// recordUnderTest has every kind of field a record may have: the types of
// this package, a record inside, a name with a space, two names equal but
// for case, an untagged field, one left out, Go types of the json
// package's own, and fields of a struct embedded (as Talkdesk's pages
// embed what every page carries).
type recordUnderTest struct {
	recordMeta
	ID       String            `json:"id"`
	IDUpper  String            `json:"ID"`
	Name     StringOrNone      `json:"name"`
	Amount   Number            `json:"amount"`
	Cost     NumberOrNone      `json:"cost"`
	Paid     Bool              `json:"paid"`
	Spaced   String            `json:"account ID"`
	Kind     String            `json:"kind"` // "\u212aind", with a Kelvin sign, is its name but for case
	Items    []itemUnderTest   `json:"items"`
	Total    *Number           `json:"total"`
	Labels   map[string]string `json:"labels"`
	Note     string            `json:"note"`
	Untagged Number
	Hidden   String `json:"-"`
	// unseen is not the json package's to fill, nor Record's.
	unseen String
}

type recordMeta struct {
	Page  Number `json:"page"`
	Extra String `json:"extra"`
}

type itemUnderTest struct {
	Name   String `json:"name"`
	Amount Number `json:"amount"`
}

var (
	recordsUnderTest = RecordOf[recordUnderTest]()
	itemsUnderTest   = RecordOf[itemUnderTest]()
)

func (r *recordUnderTest) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return recordsUnderTest.Decode(dec, r)
}

func (i *itemUnderTest) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return itemsUnderTest.Decode(dec, i)
}

// FuzzRecordAsEncodingJSON: whatever the body, a record (and a list of
// them) read by Record is what encoding/json reads, which decodes the
// type field by field without the method: the same fields, and an error
// exactly when encoding/json has one.
func FuzzRecordAsEncodingJSON(f *testing.F) {
	for _, body := range []string{
		`{"id":"1","ID":"2","name":"None","amount":"1.50","cost":"None","paid":1,"account ID":"a","items":[{"name":"n","amount":2},null,{}],"total":3,"labels":{"k":"v"},"note":"x","Untagged":4,"Hidden":"h","unseen":1}`,
		`{"Id":"1","iD":"2","NAME":"n","Amount":1,"untagged":5,"ACCOUNT id":"b","Items":null}`,
		`{"page":2,"extra":"e","id":"1"}`, `{"PAGE":"3","Extra":null}`, `{"page":1,"page":2}`,
		`{"\u0069d":"1","\u0049D":"2","am\u006funt":3,"na\\me":"x"}`,
		`{"id":"1","id":"2","amount":1,"amount":"2","items":[{"name":"a","amount":1}],"items":[{"amount":2}]}`,
		`{"id":"1","items":[{"name":"a"}],"items":null}`,
		`{"\u212aind":"kelvin","KIND":"upper"}`, `{"KIND":"upper","\u212aind":"kelvin"}`,
		`{"\u212aey":1,"ſ":2,"id":"\ud800","note":"` + "\xff" + `","x":{"y":[1,{"z":null}]}}`,
		`{"id":{},"amount":1}`, `{"amount":"12 USD"}`, `{"paid":"yes"}`, `{"items":{}}`, `{"items":[1]}`,
		`{"total":null,"labels":null}`, `{"note":1}`, `{"id":1,"amount":1e3,"name":true}`, `{"id":"1",}`,
		`{"id":"1"`, `{"id" "1"}`, `{"id":"1"}}`, `null`, `[]`, `"a"`, `1`, `{}`, ``,
		`[{"id":"1"},null,{"id":"2","amount":"3"}]`, `[{"id":"1"},"x"]`, `[null]`,
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		decodesAlikeBothWays[recordUnderTest](t, body)
		decodesAlikeBothWays[[]recordUnderTest](t, body)
	})
}

// A record type the table cannot read as encoding/json does is refused
// at its first use, naming the field.
func TestRecordOfRefusesWhatItCannotRead(t *testing.T) {
	type inner struct{ A String }
	type embedded struct {
		*inner
		B String `json:"b"`
	}
	type withOptions struct {
		C Number `json:"c,omitempty"`
	}
	type tagAndFieldName struct {
		F String
		G String `json:"F"`
	}
	// Types go vet would refuse to see written: made as the test runs.
	withTags := func(tags ...string) reflect.Type {
		fields := make([]reflect.StructField, len(tags))
		for i, tag := range tags {
			fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: reflect.TypeFor[String](), Tag: reflect.StructTag(tag)}
		}
		return reflect.StructOf(fields)
	}
	for name, c := range map[string]struct {
		makeRecord func()
		want       string
	}{
		"embedded":                  {func() { RecordOf[embedded]() }, "field inner is embedded or has tag options"},
		"with options":              {func() { RecordOf[withOptions]() }, "field C is embedded or has tag options"},
		"a name twice":              {func() { fieldTable(withTags(`json:"d"`, `json:"d"`)) }, `two fields are named "d"`},
		"a tag and a field name":    {func() { RecordOf[tagAndFieldName]() }, `two fields are named "F"`},
		"a name json does not take": {func() { fieldTable(withTags(`json:"a'b"`)) }, `field F0 has a name encoding/json does not take from a tag: "a'b"`},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r, _ := recover().(string); !strings.Contains(r, c.want) {
					t.Errorf("panic %q, want %q", r, c.want)
				}
			}()
			c.makeRecord()
		})
	}
}

// A record read by Record is what encoding/json reads, field by field.
func TestRecordReadsEveryField(t *testing.T) {
	body := `{"id":"1","ID":"2","name":"None","amount":"1.50","cost":3,"paid":true,"account ID":"a","items":[{"name":"n","amount":2}],"total":4,"labels":{"k":"v"},"note":"x","Untagged":5,"Hidden":"h","unseen":"u"}`
	var fast, std recordUnderTest
	if err := jsonv1.Unmarshal([]byte(body), &fast); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(body), &std); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, std) {
		t.Fatalf("Record reads\n%#v\nencoding/json\n%#v", fast, std)
	}
	if v, _ := fast.IDUpper.Value(); v != "2" || fast.Untagged.String() != "5" || len(fast.Items) != 1 || fast.Total.String() != "4" {
		t.Errorf("a field was not read: %#v", fast)
	}
	if !fast.Hidden.IsNull() || !fast.unseen.IsNull() {
		t.Errorf("a field left out was read: %#v", fast)
	}
}

// A name given twice, or twice but for case, is refused: which value the
// vendor meant cannot be told, and taking the last (as encoding/json does)
// can read rows, then an empty list after them, as no spend.
func TestRecordRefusesANameGivenTwice(t *testing.T) {
	for _, body := range []string{
		`{"amount":100,"amount":0}`,
		`{"amount":100,"Amount":0}`,
		`{"AMOUNT":100,"amount":0}`,
		`{"items":[{"amount":1}],"items":[]}`,
		`{"items":[{"amount":1,"AMOUNT":2}]}`,
	} {
		var r recordUnderTest
		err := jsonv2.Unmarshal([]byte(body), &r, DecoderOptions())
		if !errors.Is(err, jsontext.ErrDuplicateName) {
			t.Errorf("%s: read as %#v (error %v), want a duplicate name error", body, r, err)
		}
	}
	var r recordUnderTest
	err := jsonv2.Unmarshal([]byte(`{"items":[{"amount":1},{"name":"a","amount":1,"AMOUNT":2}]}`), &r, DecoderOptions())
	if want := `jsontext: duplicate object member name "AMOUNT" within "/items/1"`; err == nil || err.Error() != want {
		t.Errorf("got error %v, want %s", err, want)
	}
	// Names of two fields that differ only in case are two fields; names
	// of no field, and a map's keys, are not the record's to judge.
	if err := jsonv2.Unmarshal([]byte(`{"id":"1","ID":"2","ignored":1,"ignored":2,"labels":{"k":"a","k":"b"}}`), &r, DecoderOptions()); err != nil {
		t.Errorf("two fields' names equal but for case, a name of no field given twice: %v", err)
	}
}
