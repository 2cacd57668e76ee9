package talkdesk

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// body is a decoded page: its links and counters, and its records.
type body[R any] interface {
	meta() *halMeta
	// records are the records under _embedded.<key> and at the top level
	// (nil where absent or null), and whether _embedded is there at all.
	records() (embedded, top []R, hasEmbedded bool)
}

// halMeta is what every page carries besides its records. Links are
// expected under _links; some responses put them at the top level.
type halMeta struct {
	Links      *links           `json:"_links"`
	Next       *link            `json:"next"`
	Last       *link            `json:"last"`
	Total      *tolerant.Number `json:"total"`
	TotalPages *tolerant.Number `json:"total_pages"`
}

func (m *halMeta) meta() *halMeta { return m }

type links struct {
	Next *link `json:"next"`
	Last *link `json:"last"`
}

type link struct {
	Href string `json:"href"`
}

// UnmarshalJSONFrom decodes links as encoding/json does, but for a link
// named twice (tolerant.Record): a next link given again as null would end
// the listing early.
func (l *links) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[links]().Decode(dec, l)
}

// UnmarshalJSONFrom decodes a link as links' does.
func (l *link) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[link]().Decode(dec, l)
}

// present reports a link that leads somewhere.
func (l *link) present() bool { return l != nil && l.Href != "" }

// page is one response, as read.
type page[R any] struct {
	records            client.Page[R] // the rows, or what a fold kept of them
	nextLink, lastLink *link
	total              int64 // -1: not reported
	pages              int64 // 0: not reported; from total_pages, else the last link
	linked             bool  // it has links, under _links or at the top level
	requested          *url.URL
}

// decode reads one response, a page of perPage records at most: the page,
// its records into a part of fold's when fold is set (their keys noted in
// keys as they are, when keys and the listing's appendKey are set), or the
// error it carries.
func (l *listing[R]) decode(resp *client.Response, perPage int, fold client.Fold[R], keys *client.PageKeys) (*page[R], error) {
	if !resp.OK() {
		return nil, apiError(resp, l.scope, l.forbidden)
	}
	settle := func(number int, record *R) error {
		if l.normalize == nil {
			return nil
		}
		if problem := l.normalize(number, record); problem != "" {
			return resp.Unexpected(l.expected, problem)
		}
		return nil
	}
	records := client.NewRecords(2, perPage, fold, l.id).KeyedBy(l.dedupe).Settling(settle)
	if l.idRequired {
		records.RequiringIDs()
	}
	if keys != nil && l.appendKey != nil {
		records.NotingKeys(keys, l.appendKey)
	}
	b := l.body()
	if err := client.DecodePage(resp, b, l.expected, records); err != nil {
		return nil, err
	}
	// A page decoded as it arrived (client.Streamed) has no body here: the
	// one check that reads it (strayEmbedded) then refuses the page, which
	// is decoded whole for the error.
	pg, problem := l.read(resp.Body, b)
	if problem != "" {
		return nil, resp.Unexpected(l.expected, problem)
	}
	done, err := records.Done(resp, l.expected, "_embedded."+l.key, pg.records.Rows, 0, 0)
	if err != nil {
		return nil, err
	}
	pg.records = done
	return pg, nil
}

// read checks that a decoded body is a page and reads its records, links
// and counts; it returns what is wrong, or "". HAL always sends _links and
// may leave _embedded out when there is nothing to embed, so links without
// records are an empty page (and so is an empty _embedded); but a body
// with neither records nor links (null, {}, {"status":"ok"}, counters
// alone), or with an _embedded that holds other keys than the listing's
// (another resource's records, or these under another name), is not a
// page, and never reads as an empty listing.
func (l *listing[R]) read(raw []byte, b body[R]) (*page[R], string) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, "the body is null, not an object"
	}
	m := b.meta()
	// The records under _embedded, else those at the top level.
	embedded, top, hasEmbedded := b.records()
	rows, hasRecords := embedded, embedded != nil
	if !hasRecords {
		rows, hasRecords = top, top != nil
	}
	if hasEmbedded && !hasRecords {
		if problem := l.strayEmbedded(raw); problem != "" {
			return nil, problem
		}
	}
	hasLinks := m.Links != nil || m.Next.present() || m.Last.present()
	if !hasRecords && !hasLinks {
		return nil, fmt.Sprintf("it has neither %s records (_embedded.%s) nor links (_links): nothing in it says %s", l.noun, l.key, l.whether)
	}
	pg := &page[R]{records: client.Page[R]{Rows: rows}, nextLink: m.Next, lastLink: m.Last, total: -1, linked: hasLinks}
	if m.Links != nil {
		pg.nextLink, pg.lastLink = cmp.Or(m.Links.Next, m.Next), cmp.Or(m.Links.Last, m.Last)
	}
	if m.Total != nil && !m.Total.IsNull() {
		n, ok := m.Total.Count()
		if !ok {
			return nil, "field total should be a whole number of records, got " + m.Total.String()
		}
		pg.total = n
	}
	if m.TotalPages != nil && !m.TotalPages.IsNull() {
		n, ok := m.TotalPages.Count()
		if !ok {
			return nil, "field total_pages should be a whole number of pages, got " + m.TotalPages.String()
		}
		pg.pages = n
	} else if pg.lastLink != nil {
		// Only the page parameter matters, which a relative link carries as
		// well as an absolute one. A link without a usable one says nothing.
		if u, err := url.Parse(pg.lastLink.Href); err == nil {
			if n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64); err == nil && n > 0 {
				pg.pages = n
			}
		}
	}
	return pg, ""
}

// strayEmbedded says what is wrong with an _embedded that holds none of
// the listing's records, or "" when it is empty ({}, as HAL may send for
// nothing to embed): records under another name, or the key as null, must
// never read as no records.
func (l *listing[R]) strayEmbedded(raw []byte) string {
	var b struct {
		Embedded map[string]json.RawMessage `json:"_embedded"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return "its _embedded cannot be read: " + err.Error()
	}
	if _, ok := b.Embedded[l.key]; ok {
		return fmt.Sprintf("_embedded.%s is null, not an array of %s records ([] when there are none)", l.key, l.noun)
	}
	if len(b.Embedded) == 0 {
		return ""
	}
	return fmt.Sprintf("it has _embedded.%s but no _embedded.%s (an array of %s records, [] when there are none)",
		strings.Join(slices.Sorted(maps.Keys(b.Embedded)), ", _embedded."), l.key, l.noun)
}
