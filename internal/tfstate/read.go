package tfstate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/text/unicode/norm"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Layout is what a data source's state holds of its records.
type Layout[Record, Row any] struct {
	// Rows is the list attribute with one object per record ("" when the
	// state has none); Row makes a record's object, a struct with a
	// tfsdk-tagged field per attribute.
	Rows string
	Row  func(Record) Row
	// Count, when set, is the attribute holding the number of records.
	Count      string
	Totals     []Sum[Record]
	Breakdowns []Breakdown[Record]
}

// Sum is a Number attribute: the exact sum of Amount over every record
// (null amounts add nothing).
type Sum[Record any] struct {
	Name   string
	Amount func(Record) tolerant.Number
}

// Breakdown is a map attribute: the exact sum of Amount per Key, and, when
// Currency is set, per currency within each key (a map of maps, so money
// in different currencies is never added together). A record's key is
// counted even when its amount is null, with a sum of 0; a null key sums
// under "".
type Breakdown[Record any] struct {
	Name     string
	Key      func(Record) tolerant.String
	Currency func(Record) tolerant.String // nil: one level, key → sum
	Amount   func(Record) tolerant.Number
}

// Shape is a data source's state type with its Layout, made once per data
// source; a read then collects its records in a Read.
type Shape[Record any] struct {
	object     tftypes.Object
	rows       string
	count      string
	totals     []Sum[Record]
	breakdowns []Breakdown[Record]
	// rowsList makes the rows' list on the framework's way; writeRows
	// writes records' row objects as msgpack on the direct way, to a
	// buffer of their own, or rowsErr says why the Row type does not fit
	// the state type (a provider bug, reported by the read that needs it).
	rowsList  func(ctx context.Context, records []Record) (tftypes.Value, error)
	writeRows func(records []Record) *Writer
	rowsErr   error
	// layoutErr says which attribute the layout makes twice, on which the
	// two ways would disagree (a provider bug, reported by every read).
	layoutErr error
}

// NewShape is the Shape of a state of type object laid out as layout.
func NewShape[Record, Row any](object tftypes.Object, layout Layout[Record, Row]) *Shape[Record] {
	s := &Shape[Record]{object: object, rows: layout.Rows, count: layout.Count, totals: layout.Totals, breakdowns: layout.Breakdowns}
	if name := s.madeTwice(); name != "" {
		s.layoutErr = fmt.Errorf("the layout makes %s twice", name)
	}
	if layout.Rows == "" {
		return s
	}
	listType := object.AttributeTypes[layout.Rows]
	s.rowsList = func(ctx context.Context, records []Record) (tftypes.Value, error) {
		rows := make([]Row, len(records))
		for i, r := range records {
			rows[i] = layout.Row(r)
		}
		return List(ctx, listType, reflect.ValueOf(rows))
	}
	objects, err := rowObjects[Row](listType)
	if err != nil {
		s.rowsErr = fmt.Errorf("%s: %w", layout.Rows, err)
		return s
	}
	s.writeRows = func(records []Record) *Writer {
		// A row of its own per call: reads of one data source run at once.
		var row Row
		value := reflect.ValueOf(&row).Elem()
		w := NewWriter(4096)
		for i, r := range records {
			row = layout.Row(r)
			objects.Write(w, value)
			if i == 0 {
				// Room for every row at a quarter more than the first's size.
				w.Grow(w.Len() * len(records) * 5 / 4)
			}
		}
		return w
	}
	return s
}

// rowObjects writes Row structs as the objects of the list type t.
func rowObjects[Row any](t tftypes.Type) (*Objects, error) {
	list, ok := t.(tftypes.List)
	if !ok {
		return nil, errors.New("not a list")
	}
	elements, ok := list.ElementType.(tftypes.Object)
	if !ok {
		return nil, errors.New("not a list of objects")
	}
	return ObjectsFor(reflect.TypeFor[Row](), elements)
}

// Type is the state's type.
func (s *Shape[Record]) Type() tftypes.Object { return s.object }

// Read is what one read keeps of its records: always their count and
// sums, and the rows when the state keeps them: as records, to make their
// Terraform values, or already written as msgpack when the read's caller
// sends a Reply.
type Read[Record any] struct {
	shape      *Shape[Record]
	withRows   bool
	reply      *Reply // non-nil: the state is written as msgpack, the rows as they come
	count      int
	totals     []Total
	breakdowns []breakdownSums
	records    []Record
	// Each batch of records (a page) is written to a buffer of its own,
	// sized from the batch's first row, so that no buffer grows by copying
	// itself; the state's buffer takes them all.
	written    []*Writer
	writtenLen int
	// tooLarge is set once the rows written pass what the Reply may send.
	tooLarge bool
	// refuse judges the state's bytes before they are sent (Refusing).
	refuse  func(state []byte) error
	joining sync.Mutex      // parts start and join one at a time
	spare   []*Read[Record] // the sums of parts that joined, cleared for the next parts
}

// NewRead starts a read whose state keeps its rows or not. The state takes
// the direct way when ctx comes from WithReply.
func (s *Shape[Record]) NewRead(ctx context.Context, withRows bool) *Read[Record] {
	r := &Read[Record]{
		shape:      s,
		withRows:   withRows && s.rows != "",
		totals:     make([]Total, len(s.totals)),
		breakdowns: make([]breakdownSums, len(s.breakdowns)),
	}
	r.reply = replyFrom(ctx)
	for i := range r.breakdowns {
		r.breakdowns[i] = newBreakdownSums()
	}
	return r
}

// Refusing has refuse judge the state's bytes, written the direct way,
// before they are sent: its error fails the store, and the state is not
// sent. (The framework's way, which only tests take, is not judged.)
func (r *Read[Record]) Refusing(refuse func(state []byte) error) *Read[Record] {
	r.refuse = refuse
	return r
}

// Add adds records: to the count and sums, and to the rows r keeps.
func (r *Read[Record]) Add(records []Record) {
	for i := range records {
		r.AddOne(&records[i])
	}
	r.keep(records)
}

// AddOne adds one record to the count and sums (never to the rows: a read
// that keeps them takes them a page at a time, by Add).
func (r *Read[Record]) AddOne(record *Record) {
	s := r.shape
	r.count++
	for i, t := range s.totals {
		r.totals[i].Add(t.Amount(*record))
	}
	for i, b := range s.breakdowns {
		key := sumKey{key: b.Key(*record).Text()}
		if b.Currency != nil {
			key.currency = b.Currency(*record).Text()
		}
		r.breakdowns[i].total(key).Add(b.Amount(*record))
	}
}

// Part is a part of a read for some of its records, such as one page's:
// its records are summed as they come (Part.Add), and its count and sums
// join the read's (Part.Join) once they are accepted. Sums are exact, so
// parts may join in any order, and different parts at once; one part's Add
// and Join must not overlap. A part keeps no rows: a read that keeps them
// takes them in order, by Read.Add.
type Part[Record any] struct {
	read *Read[Record]
	sums *Read[Record] // nil once the part joined
}

// errJoined is a provider bug that must fail the read: a record added
// to a part after it joined would be lost, or counted in the part that
// took its sums over.
var errJoined = errors.New("a record was added to a part of the read after the part joined")

// Part starts a part of r. A part's sums, once joined, are kept for the
// next part, so that a read of many pages does not make its tables of
// sums anew for each page.
func (r *Read[Record]) Part() *Part[Record] {
	r.joining.Lock()
	defer r.joining.Unlock()
	part := &Part[Record]{read: r}
	if n := len(r.spare); n > 0 {
		part.sums, r.spare = r.spare[n-1], r.spare[:n-1]
	} else {
		part.sums = r.shape.NewRead(context.Background(), false)
	}
	return part
}

// Add adds one record to the part's count and sums.
func (p *Part[Record]) Add(record *Record) error {
	if p.sums == nil {
		return errJoined
	}
	p.sums.AddOne(record)
	return nil
}

// Join adds the part's count and sums to its read's, once: a second call
// does nothing. Parts may join concurrently.
func (p *Part[Record]) Join() {
	r := p.read
	r.joining.Lock()
	defer r.joining.Unlock()
	part := p.sums
	if part == nil {
		return
	}
	p.sums = nil
	r.count += part.count
	for i := range r.totals {
		r.totals[i].join(&part.totals[i])
	}
	for i := range r.breakdowns {
		r.breakdowns[i].join(&part.breakdowns[i])
	}
	part.count = 0
	clear(part.totals)
	for i := range part.breakdowns {
		part.breakdowns[i].clear()
	}
	r.spare = append(r.spare, part)
}

// keep keeps records as rows, when r keeps them.
func (r *Read[Record]) keep(records []Record) {
	s := r.shape
	switch {
	case !r.withRows || len(records) == 0:
	case r.reply == nil:
		r.records = append(r.records, records...)
	case r.tooLarge:
		// The state is refused at Store: what its rows would take is
		// not kept.
	case s.rowsErr == nil:
		r.written = append(r.written, s.writeRows(records))
		r.writtenLen += r.written[len(r.written)-1].Len()
		if r.writtenLen > r.reply.limit {
			r.tooLarge, r.written, r.writtenLen = true, nil, 0
		}
	}
}

// Store stores the read's state in state: given holds the attributes the
// Layout does not make (the arguments, and attributes of the whole
// response); the rows (or null), count, totals and breakdowns are the
// read's. On the direct way, the Reply gets the whole state's bytes, and
// state the state with null rows and breakdowns, which is what the
// framework checks: it copies a state and converts each of its values
// again, which for breakdowns of thousands of keys costs more memory than
// the read's own sums.
func (r *Read[Record]) Store(ctx context.Context, given map[string]tftypes.Value, state *tfsdk.State) error {
	values, err := r.summaries(given)
	if err != nil {
		return err
	}
	s := r.shape
	switch {
	case r.reply != nil:
		if r.tooLarge {
			return &StateTooLargeError{Limit: r.reply.limit, Rows: r.count}
		}
		encoded, err := r.encode(values)
		if err != nil {
			return err
		}
		if len(encoded) > r.reply.limit {
			tooLarge := &StateTooLargeError{Limit: r.reply.limit}
			if r.withRows {
				tooLarge.Rows = r.count
			}
			return tooLarge
		}
		if r.refuse != nil {
			if err := r.refuse(encoded); err != nil {
				return err
			}
		}
		r.reply.state = encoded
	case r.withRows:
		if values[s.rows], err = s.rowsList(ctx, r.records); err != nil {
			return fmt.Errorf("%s: %w", s.rows, err)
		}
	}
	state.Raw = tftypes.NewValue(s.object, values)
	return nil
}

// summaries are the state's values with null rows: given, and the count
// and sums over every record. On the direct way, the breakdowns are null
// too: encode writes them from the sums.
func (r *Read[Record]) summaries(given map[string]tftypes.Value) (map[string]tftypes.Value, error) {
	s := r.shape
	if s.layoutErr != nil {
		return nil, s.layoutErr
	}
	values := make(map[string]tftypes.Value, len(s.object.AttributeTypes))
	maps.Copy(values, given)
	if s.rows != "" {
		values[s.rows] = tftypes.NewValue(s.object.AttributeTypes[s.rows], nil)
	}
	if s.count != "" {
		values[s.count] = tftypes.NewValue(tftypes.Number, r.count)
	}
	for i, t := range s.totals {
		if err := r.totals[i].fits(t.Name); err != nil {
			return nil, err
		}
		values[t.Name] = r.totals[i].Terraform()
	}
	for i, b := range s.breakdowns {
		if err := r.breakdowns[i].readable(b.Name); err != nil {
			return nil, err
		}
		if err := r.breakdowns[i].fits(b.Name, b.Currency != nil); err != nil {
			return nil, err
		}
		if r.reply != nil {
			// Null, but of the type the sums make, so that the check below
			// holds the schema to it on both ways.
			values[b.Name] = tftypes.NewValue(breakdownType(b.Currency != nil), nil)
		} else {
			values[b.Name] = r.breakdowns[i].terraform(b.Currency != nil)
		}
	}
	// tftypes.NewValue panics on a missing or mistyped attribute; a
	// provider bug must be an error, never a crash.
	for name, want := range s.object.AttributeTypes {
		value, ok := values[name]
		if !ok {
			return nil, fmt.Errorf("no value for %s", name)
		}
		if !value.Type().Equal(want) {
			return nil, fmt.Errorf("%s is a %s, but the schema says %s", name, value.Type(), want)
		}
	}
	if len(values) != len(s.object.AttributeTypes) {
		return nil, fmt.Errorf("%d values for the schema's %d attributes", len(values), len(s.object.AttributeTypes))
	}
	return values, nil
}

// madeTwice is an attribute that the layout makes more than once (rows,
// count, a total or a breakdown), or "".
func (s *Shape[Record]) madeTwice() string {
	made := map[string]bool{}
	names := []string{s.rows, s.count}
	for _, t := range s.totals {
		names = append(names, t.Name)
	}
	for _, b := range s.breakdowns {
		names = append(names, b.Name)
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		if made[name] {
			return name
		}
		made[name] = true
	}
	return ""
}

// encode is the state that the framework's way makes of values with the
// rows, as the msgpack terraform-plugin-go would write of it: the rows, if
// kept, as they were written when collected, the numbers by the Writer,
// the other attributes by terraform-plugin-go itself.
func (r *Read[Record]) encode(values map[string]tftypes.Value) ([]byte, error) {
	s := r.shape
	if r.withRows && s.rowsErr != nil {
		return nil, s.rowsErr
	}
	names := slices.Sorted(maps.Keys(s.object.AttributeTypes))
	w := NewWriter(r.writtenLen + 4096)
	w.MapLen(len(names))
	for _, name := range names {
		w.String(name)
		if name == s.rows && r.withRows {
			w.ArrayLen(r.count)
			for i, rows := range r.written {
				w.Raw(rows.Bytes())
				r.written[i] = nil // each batch can go once copied
			}
			continue
		}
		if i := slices.IndexFunc(s.breakdowns, func(b Breakdown[Record]) bool { return b.Name == name }); i >= 0 {
			r.breakdowns[i].write(w, s.breakdowns[i].Currency != nil)
			continue
		}
		if typ := s.object.AttributeTypes[name]; typ.Is(tftypes.Number) && values[name].IsKnown() {
			// Not the library's: a float64 that Terraform reads as another
			// number is written as its text (Writer.bigFloat).
			if err := w.numberValue(values[name]); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			continue
		}
		value, err := tfprotov6.NewDynamicValue(s.object.AttributeTypes[name], values[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		w.Raw(value.MsgPack)
	}
	return w.Bytes(), nil
}

// write writes the sums as terraform-plugin-go writes the value terraform
// makes of them (a map of numbers, or of maps of numbers), with the keys
// in order; a map's order is not the value's.
func (b *breakdownSums) write(w *Writer, perCurrency bool) {
	order := make([]int, len(b.sums))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(strings.Compare(b.sums[i].key, b.sums[j].key), strings.Compare(b.sums[i].currency, b.sums[j].currency))
	})
	if !perCurrency {
		w.MapLen(len(order))
		for _, i := range order {
			w.String(b.sums[i].key)
			w.Number(b.sums[i].total.sum.Number())
		}
		return
	}
	// Per currency: one map a key, of the sums that follow each other in
	// order under it.
	var starts []int
	for n, i := range order {
		if n == 0 || b.sums[i].key != b.sums[order[n-1]].key {
			starts = append(starts, n)
		}
	}
	w.MapLen(len(starts))
	for k, start := range starts {
		end := len(order)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		w.String(b.sums[order[start]].key)
		w.MapLen(end - start)
		for _, i := range order[start:end] {
			w.String(b.sums[i].currency)
			w.Number(b.sums[i].total.sum.Number())
		}
	}
}

// breakdownSums are one breakdown's sums: by key, or by key then
// currency, in one table with a sum per pair, so that a part's table,
// cleared, serves the next part without being made anew.
type breakdownSums struct {
	index map[sumKey]int // where in sums
	sums  []keyedTotal
}

// sumKey is a breakdown's key, with the currency when it sums per
// currency ("" when not).
type sumKey struct{ key, currency string }

type keyedTotal struct {
	sumKey
	total Total
}

func newBreakdownSums() breakdownSums { return breakdownSums{index: map[sumKey]int{}} }

// total is the total of key, made (0) when key has none yet: a key seen
// only with null amounts still has a total.
func (b *breakdownSums) total(key sumKey) *Total {
	i, ok := b.index[key]
	if !ok {
		i = b.slot(key)
	}
	return &b.sums[i].total
}

// slot is where in sums the total of a key not yet in the index is, made
// when Terraform's form of the key has none yet. Terraform holds strings
// in Unicode normal form C, so keys that differ only in form ("é", or "e"
// and a combining accent) are one map key to it: two sums would be two
// entries of which it keeps one. Both spellings are indexed, so that a
// key is normalised once, not once a record.
func (b *breakdownSums) slot(key sumKey) int {
	held := sumKey{key: norm.NFC.String(key.key), currency: norm.NFC.String(key.currency)}
	i, ok := b.index[held]
	if !ok {
		i = len(b.sums)
		b.index[held] = i
		b.sums = append(b.sums, keyedTotal{sumKey: held})
	}
	b.index[key] = i
	return i
}

// join adds other's sums, key by key; a key only other has (even with a
// total of 0) is added.
func (b *breakdownSums) join(other *breakdownSums) {
	for i := range other.sums {
		b.total(other.sums[i].sumKey).join(&other.sums[i].total)
	}
}

// clear empties b, keeping its room.
func (b *breakdownSums) clear() {
	clear(b.index)
	clear(b.sums)
	b.sums = b.sums[:0]
}

// readable checks that no key of the breakdown, nor currency, holds
// U+FFFD: the decoder reads bytes that are not UTF-8 as it, so that keys
// the API sent differently may have become one, their sums added
// together. Of several, the error names the first by key, then currency.
func (b *breakdownSums) readable(name string) error {
	var unreadable []keyedTotal
	for _, s := range b.sums {
		if strings.ContainsRune(s.key, utf8.RuneError) || strings.ContainsRune(s.currency, utf8.RuneError) {
			unreadable = append(unreadable, s)
		}
	}
	if len(unreadable) == 0 {
		return nil
	}
	first := slices.MinFunc(unreadable, func(a, b keyedTotal) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.currency, b.currency))
	})
	return &UnreadableKeyError{Breakdown: name, Key: first.key, Currency: first.currency}
}

// UnreadableKeyError is a breakdown key, or its currency, that holds
// U+FFFD, as the decoder reads bytes that are not UTF-8.
type UnreadableKeyError struct {
	Breakdown     string
	Key, Currency string
}

// Summary is the diagnostic's summary.
func (*UnreadableKeyError) Summary() string { return "Breakdown key not readable" }

func (e *UnreadableKeyError) Error() string {
	what := fmt.Sprintf("the key %q", e.Key)
	if !strings.ContainsRune(e.Key, utf8.RuneError) {
		what = fmt.Sprintf("the currency %q of the key %q", e.Currency, e.Key)
	}
	return fmt.Sprintf("%s: %s holds U+FFFD (%c), the character bytes that are not UTF-8 are read as: "+
		"keys the API sent differently there cannot be told apart, and their sums would be added together", e.Breakdown, what, utf8.RuneError)
}

// fits checks that Terraform holds every sum of the breakdown exactly;
// of several that it does not, the error names the first by key, then
// currency.
func (b *breakdownSums) fits(name string, perCurrency bool) error {
	var beyond []keyedTotal
	for _, s := range b.sums {
		if s.total.fits(name) != nil {
			beyond = append(beyond, s)
		}
	}
	if len(beyond) == 0 {
		return nil
	}
	first := slices.MinFunc(beyond, func(a, b keyedTotal) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.currency, b.currency))
	})
	name = fmt.Sprintf("%s[%q]", name, first.key)
	if perCurrency {
		name += fmt.Sprintf("[%q]", first.currency)
	}
	return first.total.fits(name)
}

// terraform is the breakdown as a Terraform map of numbers, or per
// currency of maps of numbers; empty, not null, when nothing was added.
func (b *breakdownSums) terraform(perCurrency bool) tftypes.Value {
	if !perCurrency {
		values := make(map[string]tftypes.Value, len(b.sums))
		for i := range b.sums {
			values[b.sums[i].key] = b.sums[i].total.Terraform()
		}
		return tftypes.NewValue(NumberMapType, values)
	}
	byKey := map[string]map[string]tftypes.Value{}
	for i := range b.sums {
		s := &b.sums[i]
		currencies, ok := byKey[s.key]
		if !ok {
			currencies = map[string]tftypes.Value{}
			byKey[s.key] = currencies
		}
		currencies[s.currency] = s.total.Terraform()
	}
	values := make(map[string]tftypes.Value, len(byKey))
	for key, currencies := range byKey {
		values[key] = tftypes.NewValue(NumberMapType, currencies)
	}
	return tftypes.NewValue(breakdownType(true), values)
}

// breakdownType is the Terraform type of a breakdown's sums: a map of
// numbers by key, or by key then currency.
func breakdownType(perCurrency bool) tftypes.Type {
	if perCurrency {
		return tftypes.Map{ElementType: NumberMapType}
	}
	return NumberMapType
}
