package tolerant

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// TextsOf reads each field of record type T by its JSON name, as text: a
// String as its Text, a Number as its exact decimal, null as "". It is
// for ordering records by a field named at run time, so that every field
// of T can be named. It panics on a field of another type or without a
// plain JSON name, which T's first use shows, rather than leave it out.
func TextsOf[T any]() map[string]func(T) string {
	t := reflect.TypeFor[T]()
	texts := make(map[string]func(T) string, t.NumField())
	for f := range t.Fields() {
		name, offset := f.Tag.Get("json"), f.Offset
		switch {
		case name == "" || strings.Contains(name, ","):
			panic(fmt.Sprintf("tolerant.TextsOf[%s]: field %s has no plain JSON name", t, f.Name))
		case f.Type == reflect.TypeFor[String]():
			texts[name] = func(record T) string { return fieldAt[String](&record, offset).Text() }
		case f.Type == reflect.TypeFor[Number]():
			texts[name] = func(record T) string { return fieldAt[Number](&record, offset).text() }
		default:
			panic(fmt.Sprintf("tolerant.TextsOf[%s]: field %s is a %s, which is not read as text", t, f.Name, f.Type))
		}
	}
	return texts
}

// fieldAt is the field of type F at offset in record, the offset from
// reflect as Record's are: reached through reflect, the field would cost a
// copy of the record on the heap at each comparison of a sort.
func fieldAt[F, T any](record *T, offset uintptr) *F {
	return (*F)(unsafe.Add(unsafe.Pointer(record), offset))
}

// text is the exact decimal, or "" for null.
func (n Number) text() string {
	if !n.valid {
		return ""
	}
	return n.String()
}
