package tolerant_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Every field is read by its JSON name: a string as sent, a number as its
// exact decimal, null or left out as "".
func TestTextsOfReadsEveryField(t *testing.T) {
	type record struct {
		ID     tolerant.String `json:"id"`
		Note   tolerant.String `json:"note"`
		Amount tolerant.Number `json:"amount"`
		Units  tolerant.Number `json:"units"`
	}
	texts := tolerant.TextsOf[record]()
	var r record
	if err := json.Unmarshal([]byte(`{"id":7,"amount":"-0.50","units":null}`), &r); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "7", "note": "", "amount": "-0.5", "units": ""}
	if len(texts) != len(want) {
		t.Errorf("%d fields; want %d", len(texts), len(want))
	}
	for name, text := range want {
		if read, ok := texts[name]; !ok || read(r) != text {
			t.Errorf("%s: found %v; want it read as %q", name, ok, text)
		}
	}
}

// A field that cannot be read as text fails at once, named.
func TestTextsOfRefusesAFieldItCannotRead(t *testing.T) {
	for field, record := range map[string]func(){
		"Count": func() {
			tolerant.TextsOf[struct {
				Name  tolerant.String `json:"name"`
				Count int             `json:"count"`
			}]()
		},
		"Name": func() {
			tolerant.TextsOf[struct {
				Name tolerant.String `json:"name,omitempty"`
			}]()
		},
	} {
		func() {
			defer func() {
				if message, _ := recover().(string); !strings.Contains(message, "field "+field+" ") {
					t.Errorf("recovered %q; want a panic naming field %s", message, field)
				}
			}()
			record()
		}()
	}
}
