package client

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkAppearIn looks for three credentials in a page of 10 000
// records (2.6 MB), as the cache directory does before it keeps an
// answer: a page with no escape in it, and one whose strings escape
// characters (\u00e9, %20) as vendors' pages do.
func BenchmarkAppearIn(b *testing.B) {
	secrets := secretsOf("oc+demo/token= 42", "tw-api-key-0123456789", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
	for _, escaped := range []bool{false, true} {
		name, note := "plain", "Cafe de Paris, invoice for the month"
		if escaped {
			name, note = "escaped", `Caf\u00e9 de Paris, https://example.com/invoice?for=the%20month`
		}
		var body strings.Builder
		body.WriteString(`{"total":10000,"items":[`)
		for i := range 10_000 {
			if i > 0 {
				body.WriteByte(',')
			}
			fmt.Fprintf(&body, `{"id":"%d","app_id":"app-%d","amount":"%d.25","currency":"EUR","date":"2026-10-%02d","note":"%s","kind":"usage","units":%d,"region":"eu-west"}`,
				i, i%97, i%1000, i%28+1, note, i%13)
		}
		body.WriteString(`]}`)
		data := []byte(body.String())
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if secrets.AppearIn(data) {
					b.Fatal("a credential was found")
				}
			}
		})
	}
}

// BenchmarkMaskHTML masks three credentials in 100 KB of an HTML error
// page's text, full of character references none of them is in: the
// character-by-character search runs over all of it.
func BenchmarkMaskHTML(b *testing.B) {
	secrets := secretsOf("oc+demo/token= 42", "tw-api-key-0123456789", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
	text := strings.Repeat("R&amp;D caf&eacute; &nbsp;&#8364; &lt;b&gt; 100%20 ", 2000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if secrets.Mask(text) != text {
			b.Fatal("text without a credential was masked")
		}
	}
}
