// Package jsontest tells, for tests that compare the provider's decoder
// with encoding/json, which bodies the two may read differently by design.
package jsontest

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// NamesTwice reports whether an object of body gives a name twice
// (exactly), or two names equal but for case (folded). The decoder refuses
// a struct field named twice, so or but for case, where encoding/json
// takes the last value. A body that is not JSON reports neither.
func NamesTwice(body []byte) (exactly, folded bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var objects [][][]byte // the names of each open object, innermost last
	for {
		token, err := dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return exactly, folded
		}
		if err != nil {
			return false, false
		}
		switch token.Kind() {
		case '{':
			objects = append(objects, nil)
			continue
		case '}':
			objects = objects[:len(objects)-1]
			continue
		}
		// A name is an object's member read with an odd count: the
		// name of each pair, not its value.
		if kind, length := dec.StackIndex(dec.StackDepth()); kind != '{' || length%2 == 0 || token.Kind() != '"' {
			continue
		}
		name := []byte(token.String())
		names := &objects[len(objects)-1]
		for _, seen := range *names {
			exactly = exactly || bytes.Equal(seen, name)
			folded = folded || bytes.EqualFold(seen, name)
		}
		*names = append(*names, name)
	}
}

// ReadAlike reports whether the decoder's reading of body (fast, fastErr)
// is encoding/json's (std, stdErr) as it is meant to be: the same value
// where neither fails, and failures as ErrorsAlike says.
func ReadAlike(body string, std, fast any, stdErr, fastErr error) bool {
	return ErrorsAlike(body, stdErr, fastErr) && (fastErr != nil || reflect.DeepEqual(std, fast))
}

// ErrorsAlike reports whether the decoder fails on body (fastErr) where it
// is meant to: where encoding/json fails (stdErr); and it may fail where
// body gives a name twice, so or but for case (NamesTwice), with the
// decoder's refusal of a field named twice (which encoding/json reads as
// the last), and nowhere else.
func ErrorsAlike(body string, stdErr, fastErr error) bool {
	switch {
	case stdErr != nil:
		return fastErr != nil
	case fastErr != nil:
		exactly, folded := NamesTwice([]byte(body))
		return (exactly || folded) && strings.Contains(fastErr.Error(), "duplicate object member name")
	}
	return true
}
