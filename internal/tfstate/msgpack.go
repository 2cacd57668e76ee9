// This file writes msgpack, the bytes Terraform receives, straight from
// decoded records: without building a tftypes value for every field of
// every row, which is most of what a large read costs. It writes exactly
// what terraform-plugin-go writes for the same value (tftypes.Value →
// tfprotov6.NewDynamicValue), which tests pin byte for byte for every
// data source, but for a fraction that Terraform would read as another
// number from the library's float64, which it writes as its text
// (Writer.bigFloat).

package tfstate

import (
	"encoding/binary"
	"math"
	"slices"
)

// Writer appends msgpack to a buffer, in the encodings the msgpack library
// under terraform-plugin-go (vmihailenco/msgpack v5, default options)
// picks: the shortest form for lengths and integers, float64 for floats.
type Writer struct{ buf []byte }

// NewWriter returns a Writer whose buffer starts with room for size bytes.
func NewWriter(size int) *Writer { return &Writer{buf: make([]byte, 0, size)} }

// Bytes is what was written.
func (w *Writer) Bytes() []byte { return w.buf }

// Len is how many bytes were written.
func (w *Writer) Len() int { return len(w.buf) }

// Raw appends msgpack encoded elsewhere.
func (w *Writer) Raw(b []byte) { w.buf = append(w.buf, b...) }

// Nil writes null.
func (w *Writer) Nil() { w.buf = append(w.buf, 0xc0) }

// Bool writes a boolean.
func (w *Writer) Bool(b bool) {
	if b {
		w.buf = append(w.buf, 0xc3)
		return
	}
	w.buf = append(w.buf, 0xc2)
}

// String writes a string.
func (w *Writer) String(s string) {
	w.stringLen(len(s))
	w.buf = append(w.buf, s...)
}

// stringLen writes the header of a string of n bytes.
func (w *Writer) stringLen(n int) {
	switch {
	case n < 32:
		w.buf = append(w.buf, 0xa0|byte(n)) //nolint:gosec // n < 32
	case n < 256:
		w.buf = append(w.buf, 0xd9, byte(n))
	case n <= math.MaxUint16:
		w.buf = append(w.buf, 0xda)
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(n))
	default:
		w.buf = append(w.buf, 0xdb)
		w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(n)) //nolint:gosec // the state of one read is far below 4 GiB
	}
}

// ArrayLen writes the header of an array (a list) of n elements.
func (w *Writer) ArrayLen(n int) { w.collectionLen(n, 0x90, 0xdc, 0xdd) }

// MapLen writes the header of a map (an object or a map) of n entries.
func (w *Writer) MapLen(n int) { w.collectionLen(n, 0x80, 0xde, 0xdf) }

func (w *Writer) collectionLen(n int, fix, code16, code32 byte) {
	switch {
	case n < 16:
		w.buf = append(w.buf, fix|byte(n)) //nolint:gosec // n < 16
	case n <= math.MaxUint16:
		w.buf = append(w.buf, code16)
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(n))
	default:
		w.buf = append(w.buf, code32)
		w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(n)) //nolint:gosec // lists of a read are far below 4 G elements
	}
}

// Int writes an integer in the fewest bytes.
func (w *Writer) Int(n int64) {
	switch {
	case n >= 0:
		w.uint(uint64(n))
	case n >= -32:
		w.buf = append(w.buf, byte(n)) //nolint:gosec // a negative fixint is n's low byte
	case n >= math.MinInt8:
		w.buf = append(w.buf, 0xd0, byte(n)) //nolint:gosec // two's complement, as msgpack stores it
	case n >= math.MinInt16:
		w.buf = append(w.buf, 0xd1)
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(n)) //nolint:gosec // two's complement, as msgpack stores it
	case n >= math.MinInt32:
		w.buf = append(w.buf, 0xd2)
		w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(n)) //nolint:gosec // two's complement, as msgpack stores it
	default:
		w.buf = append(w.buf, 0xd3)
		w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(n)) //nolint:gosec // two's complement, as msgpack stores it
	}
}

func (w *Writer) uint(n uint64) {
	switch {
	case n <= math.MaxInt8:
		w.buf = append(w.buf, byte(n))
	case n <= math.MaxUint8:
		w.buf = append(w.buf, 0xcc, byte(n))
	case n <= math.MaxUint16:
		w.buf = append(w.buf, 0xcd)
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(n))
	case n <= math.MaxUint32:
		w.buf = append(w.buf, 0xce)
		w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(n))
	default:
		w.buf = append(w.buf, 0xcf)
		w.buf = binary.BigEndian.AppendUint64(w.buf, n)
	}
}

// Float64 writes a float64.
func (w *Writer) Float64(f float64) {
	w.buf = append(w.buf, 0xcb)
	w.buf = binary.BigEndian.AppendUint64(w.buf, math.Float64bits(f))
}

// Grow makes room for n more bytes.
func (w *Writer) Grow(n int) { w.buf = slices.Grow(w.buf, n) }
