package tolerant

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// DecoderOptions are the options of the fast decoder the client decodes
// bodies with: go-json-experiment's encoding/json behaviour, its errors
// left to encoding/json. Under them this package's UnmarshalJSONFrom
// methods, and Record, read a value as encoding/json reads it.
func DecoderOptions() jsonv2.Options {
	return jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))
}

// Record decodes a vendor record, a struct read field by field by name,
// from the fast decoder's tokens: each field found by its name in a table
// made once for the type, and decoded in place. The json package's own
// way spends most of a large listing's CPU on looking each name up in a
// map and reaching each field by reflection. A record type takes it as
//
//	func (u *Usage) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
//		return usageRecord.Decode(dec, u)
//	}
//
//	var usageRecord = tolerant.RecordOf[Usage]()
//
// It reads a record as encoding/json reads it (which decodes these types
// without the method): a key names the field of that name, else the first
// field whose name is the key's but for case (bytes.EqualFold); a field
// named twice, so or but for case, is refused (DuplicateName), where
// encoding/json decodes into it again; other keys are skipped; null
// leaves the record as it was; a value other than an object or null is
// refused. Fields of the types of this package are decoded by their own
// UnmarshalJSONFrom; fields of other types by the json package, with the
// decoder's options.
type Record[T any] struct {
	fields   []recordField
	byLength [][]int // the fields, by the length of their names
}

type recordField struct {
	index  int // in the table
	name   string
	ascii  bool    // the name is all ASCII
	offset uintptr // from the start of the record
	decode func(field unsafe.Pointer, dec *jsontext.Decoder) error
}

// RecordOf makes the table of T's fields; the fields of a struct embedded
// without a tag are T's, as encoding/json promotes them. It panics on a
// struct the table cannot read as encoding/json does (another embedded
// field, a tag with options, a name encoding/json would not take from a
// tag, two fields of one name), which a record type's first use shows.
func RecordOf[T any]() *Record[T] {
	fields, byLength := fieldTable(reflect.TypeFor[T]())
	return &Record[T]{fields: fields, byLength: byLength}
}

// recordTables are the tables RecordFor made, by type.
var recordTables sync.Map

// RecordFor is RecordOf[T], made once for each type: for a generic type,
// whose instances a package-level table cannot name.
func RecordFor[T any]() *Record[T] {
	t := reflect.TypeFor[T]()
	if r, ok := recordTables.Load(t); ok {
		return r.(*Record[T]) //nolint:forcetypeassert // stored under its own type
	}
	r, _ := recordTables.LoadOrStore(t, RecordOf[T]())
	return r.(*Record[T]) //nolint:forcetypeassert // stored under its own type
}

// fieldTable is the table of struct type t's fields, and their indices by
// the length of their names.
func fieldTable(t reflect.Type) (fields []recordField, byLength [][]int) {
	addFields(t, t, 0, &fields, map[string]bool{})
	for i, f := range fields {
		for len(byLength) <= len(f.name) {
			byLength = append(byLength, nil)
		}
		byLength[len(f.name)] = append(byLength[len(f.name)], i)
	}
	return fields, byLength
}

// addFields adds the fields of struct type t, at offset base in record,
// to fields.
func addFields(record, t reflect.Type, base uintptr, fields *[]recordField, named map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("json")
		switch {
		case f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct:
			addFields(record, f.Type, base+f.Offset, fields, named)
			continue
		case f.Anonymous || strings.Contains(tag, ","):
			panic(fmt.Sprintf("tolerant.RecordOf[%s]: field %s is embedded or has tag options, which Record does not read", record, f.Name))
		case !f.IsExported() || tag == "-":
			continue
		case !tagged || tag == "":
			tag = f.Name
		case !validName(tag):
			panic(fmt.Sprintf("tolerant.RecordOf[%s]: field %s has a name encoding/json does not take from a tag: %q", record, f.Name, tag))
		}
		if named[tag] {
			panic(fmt.Sprintf("tolerant.RecordOf[%s]: two fields are named %q, which encoding/json reads otherwise", record, tag))
		}
		named[tag] = true
		*fields = append(*fields, recordField{index: len(*fields), name: tag, ascii: isASCII(tag), offset: base + f.Offset, decode: fieldDecoder(f.Type)})
	}
}

// validName reports a tag name encoding/json takes: letters, digits,
// spaces and the punctuation it allows (its isValidTag).
func validName(name string) bool {
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) {
			return false
		}
	}
	return name != ""
}

// fieldDecoder decodes a field of type t at the address it is given:
// the offsets come from reflect, which places them as the compiler does.
func fieldDecoder(t reflect.Type) func(unsafe.Pointer, *jsontext.Decoder) error {
	switch t {
	case reflect.TypeFor[String]():
		return func(p unsafe.Pointer, dec *jsontext.Decoder) error { return (*String)(p).UnmarshalJSONFrom(dec) }
	case reflect.TypeFor[StringOrNone]():
		return func(p unsafe.Pointer, dec *jsontext.Decoder) error { return (*StringOrNone)(p).UnmarshalJSONFrom(dec) }
	case reflect.TypeFor[Number]():
		return func(p unsafe.Pointer, dec *jsontext.Decoder) error { return (*Number)(p).UnmarshalJSONFrom(dec) }
	case reflect.TypeFor[NumberOrNone]():
		return func(p unsafe.Pointer, dec *jsontext.Decoder) error { return (*NumberOrNone)(p).UnmarshalJSONFrom(dec) }
	case reflect.TypeFor[Bool]():
		return func(p unsafe.Pointer, dec *jsontext.Decoder) error { return (*Bool)(p).UnmarshalJSONFrom(dec) }
	}
	return func(p unsafe.Pointer, dec *jsontext.Decoder) error {
		return jsonv2.UnmarshalDecode(dec, reflect.NewAt(t, p).Interface())
	}
}

var errNotAnObject = errors.New("a record is an object or null")

// Decode reads the value dec reads next into record.
func (r *Record[T]) Decode(dec *jsontext.Decoder, record *T) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '{':
	default:
		return errNotAnObject
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	base := unsafe.Pointer(record)
	var seen fieldSet
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		field := r.find(name)
		if field == nil {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		if !seen.add(field.index) {
			return DuplicateName(dec)
		}
		if err := field.decode(unsafe.Add(base, field.offset), dec); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// find is the field a key, quoted as it was read, names; nil for none.
func (r *Record[T]) find(quoted []byte) *recordField {
	name := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name, _ = jsontext.AppendUnquote(nil, quoted)
	}
	if len(name) < len(r.byLength) {
		for _, i := range r.byLength[len(name)] {
			if r.fields[i].name == string(name) {
				return &r.fields[i]
			}
		}
	}
	// Equal but for case: of two texts in ASCII, only one of the same
	// length (a key the record does not have is looked for here too).
	ascii := isASCII(name)
	for i := range r.fields {
		f := &r.fields[i]
		if ascii && f.ascii && len(f.name) != len(name) {
			continue
		}
		if bytes.EqualFold([]byte(f.name), name) {
			return f
		}
	}
	return nil
}

// DuplicateName is the error for a name the decoder has just read that
// names a field read already, so or but for case: encoding/json would
// take the last value, and which one the vendor meant cannot be told.
func DuplicateName(dec *jsontext.Decoder) error {
	return &jsontext.SyntacticError{ByteOffset: dec.InputOffset(), JSONPointer: dec.StackPointer(), Err: jsontext.ErrDuplicateName}
}

// fieldSet is the fields of a record read so far: a bit each for the
// first 64, which every vendor record fits in, and a map beyond.
type fieldSet struct {
	first uint64
	more  map[int]bool
}

// add adds field i, reporting false when it was read already.
func (s *fieldSet) add(i int) bool {
	if i < 64 {
		bit := uint64(1) << i
		added := s.first&bit == 0
		s.first |= bit
		return added
	}
	if s.more[i] {
		return false
	}
	if s.more == nil {
		s.more = map[int]bool{}
	}
	s.more[i] = true
	return true
}

func isASCII[Text ~string | ~[]byte](s Text) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
