package client

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Secrets are the credentials the provider holds or has fetched: the
// configured keys, tokens and client secrets, and what it derives from them
// at run time (an OAuth 2.0 access token, an HTTP Basic value). Every error
// message and log line is masked with all of them, in every spelling the
// provider sends them in or a vendor's encoder may echo them in, and an
// answer that holds one is never kept in the cache directory.
//
// The spellings listed (List) are those of common encoders: as is,
// form-, query- and path-escaped and as encodeURIComponent escapes it
// (each with upper- and lower-case hex), JSON-escaped (as Go, PHP and
// encoders that escape every other character write it), HTML-escaped and
// base64 (both alphabets, padded or not). Mask and AppearIn also find a secret whose
// characters are escaped any other way a URL, a JSON string or HTML may
// escape them: percent-escapes of either case, JSON's \u escapes of any
// character, \/ and the like, HTML's character references (decimal, hex
// of either case, named), mixed as they may be.
type Secrets struct {
	mu     sync.RWMutex
	values []string // every spelling, longest first, so a secret inside another is masked whole
	// secrets are the credentials as registered, longest first, each with
	// its form spelling (spaces as +).
	secrets []string
	// plain are the spellings without a % or a \: a body without either
	// can hold no other (AppearIn).
	plain [][]byte
	// escaped are the spellings of the secrets that themselves hold a %
	// or a \, looked for in a body as it is too.
	escaped [][]byte
	// spelled are values as bytes (AppearSpelled).
	spelled [][]byte
}

// Add registers credentials, each with its spellings. Blank values are
// ignored. A credential with space or a line break at an edge (as file()
// reads one) is registered trimmed too: a vendor may echo it so.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var credentials []string
	for _, v := range values {
		if trimmed := strings.TrimSpace(v); trimmed != "" {
			credentials = append(credentials, v)
			if trimmed != v {
				credentials = append(credentials, trimmed)
			}
		}
	}
	for _, v := range credentials {
		for _, spelling := range spellings(v) {
			if slices.Contains(s.values, spelling) {
				continue
			}
			s.values = append(s.values, spelling)
			s.spelled = append(s.spelled, []byte(spelling))
			switch {
			case !strings.ContainsAny(spelling, `%\`):
				s.plain = append(s.plain, []byte(spelling))
			case strings.ContainsAny(v, `%\`):
				s.escaped = append(s.escaped, []byte(spelling))
			}
		}
		// Base64 is text of its own, which an echo may escape as it
		// escapes any text (a / as \/, a = as %3D): it is looked for
		// through escapes too.
		for _, secret := range append([]string{v, strings.ReplaceAll(v, " ", "+")}, base64Spellings(v)...) {
			if !slices.Contains(s.secrets, secret) {
				s.secrets = append(s.secrets, secret)
			}
		}
	}
	longestFirst := func(a, b string) int { return cmp.Compare(len(b), len(a)) }
	slices.SortFunc(s.values, longestFirst)
	slices.SortFunc(s.secrets, longestFirst)
}

// spellings are the ways a credential may come back in an echo: as sent,
// percent-encoded as a form, a query, a path or encodeURIComponent
// encodes it, each with upper- or lower-case hex; JSON-escaped (Go escapes
// <, > and &; PHP escapes / too; some encoders escape every character but
// letters and digits as \u00XX); HTML-escaped, as an error page writes
// it; and base64-encoded.
func spellings(v string) []string {
	var out []string
	for _, escaped := range []string{url.QueryEscape(v), url.PathEscape(v), encodeURIComponent(v)} {
		out = append(out, escaped, lowerHex(escaped))
	}
	goJSON, _ := json.Marshal(v)
	var plainJSON bytes.Buffer
	encoder := json.NewEncoder(&plainJSON)
	encoder.SetEscapeHTML(false)
	_ = encoder.Encode(v)
	plain := strings.Trim(strings.TrimSuffix(plainJSON.String(), "\n"), `"`)
	out = append(out, v,
		strings.Trim(string(goJSON), `"`), plain, strings.ReplaceAll(plain, "/", `\/`),
		strings.ReplaceAll(v, "/", `\/`),
		jsonEscapeAll(v, "%04x"), jsonEscapeAll(v, "%04X"),
		html.EscapeString(v), htmlEntities.Replace(v),
	)
	return append(out, base64Spellings(v)...)
}

// htmlEntities escape text for HTML as many web frameworks do, with named
// and hexadecimal entities (html.EscapeString uses decimal ones).
var htmlEntities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;", "/", "&#x2F;")

// base64Spellings are v in base64, with and without padding, in the
// standard and the URL alphabets; and the base64 of v within a longer text
// (an HTTP Basic value with v as its password, in the standard alphabet),
// at each of the three offsets it may start at in the text's bytes
// (base64Within).
func base64Spellings(v string) []string {
	var out []string
	for _, encoding := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		out = append(out, encoding.EncodeToString([]byte(v)))
	}
	for offset := range 3 {
		if within := base64Within(base64.RawStdEncoding, v, offset); within != "" {
			out = append(out, within)
		}
	}
	return out
}

// minBase64Within is the shortest base64 of part of a credential looked
// for: shorter runs could stand in any base64 text.
const minBase64Within = 12

// base64Within is what the base64 of any text holding v at offset (mod 3)
// bytes from its start shows of v whatever surrounds it: the base64 of
// v's bytes in whole groups of three, without the characters its
// neighbours share. "" when that is shorter than minBase64Within.
func base64Within(encoding *base64.Encoding, v string, offset int) string {
	text := strings.Repeat("\x00", offset) + v
	text = text[:len(text)-len(text)%3] // a last part group is shared with what follows
	encoded := encoding.EncodeToString([]byte(text))
	if offset > 0 {
		encoded = encoded[min(4, len(encoded)):] // the first group is shared with what precedes
	}
	if len(encoded) < minBase64Within {
		return ""
	}
	return encoded
}

// encodeURIComponent escapes v as JavaScript's encodeURIComponent does:
// every byte but letters, digits and -_.!~*'() as %XX (a space as %20).
func encodeURIComponent(v string) string {
	var b strings.Builder
	for i := range len(v) {
		c := v[i]
		if isAlphanumeric(c) || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// lowerHex is a percent-encoded text with its hex digits in lower case.
func lowerHex(escaped string) string {
	b := []byte(escaped)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = toLower(b[i+1]), toLower(b[i+2])
			i += 2
		}
	}
	return string(b)
}

// jsonEscapeAll escapes every character of v but ASCII letters and digits
// as a JSON \u escape, its hex digits by format.
func jsonEscapeAll(v, format string) string {
	var b strings.Builder
	for _, r := range v {
		if r < utf8.RuneSelf && isAlphanumeric(byte(r)) { //nolint:gosec // an ASCII rune
			b.WriteRune(r)
			continue
		}
		for _, unit := range utf16.Encode([]rune{r}) {
			b.WriteString(`\u`)
			fmt.Fprintf(&b, format, unit)
		}
	}
	return b.String()
}

func isAlphanumeric(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func toLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// AddBasic registers the HTTP Basic credentials id and secret as an OAuth
// 2.0 client sends them (RFC 6749 2.3.1: each form-encoded, then base64),
// and as a plain Basic client would.
func (s *Secrets) AddBasic(id, secret string) {
	s.Add(secret,
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))),
		base64.StdEncoding.EncodeToString([]byte(id+":"+secret)))
}

// Mask replaces every registered credential in text, in any spelling. A
// nil *Secrets masks nothing.
func (s *Secrets) Mask(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, secret := range s.values {
		text = strings.ReplaceAll(text, secret, Redacted)
	}
	if !strings.ContainsAny(text, `%\+&`) {
		return text
	}
	// Escaped some other way: find each secret character by character.
	var b strings.Builder
	masked := false
	for i := 0; i < len(text); {
		if end := escapedAt(s.secrets, text, i); end > i {
			b.WriteString(Redacted)
			i, masked = end, true
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	if !masked {
		return text
	}
	return b.String()
}

// escapedAt is the end of one of secrets spelled with escapes that
// starts at text[i], or -1. The escape at text[i], if any, is decoded once
// for all of them, and a secret whose first character is not there is
// passed over.
func escapedAt[S string | []byte](secrets []string, text S, i int) int {
	decoded, width := unescapeAt(text, i)
	for _, secret := range secrets {
		if text[i] != secret[0] && (width == 0 || !strings.HasPrefix(secret, decoded)) {
			continue
		}
		if end := matchEscaped(text, i, secret); end > i {
			return end
		}
	}
	return -1
}

// matchEscaped matches secret at text[i], each of its characters as it is
// or escaped as a URL, a JSON string or HTML may escape it (%2b or %2B;
// \u002b, \/ and the like; &#43;, &#x2B; or &plus;), and returns where the
// match ends, or -1.
func matchEscaped[S string | []byte](text S, i int, secret string) int {
	for j := 0; j < len(secret); {
		if i >= len(text) {
			return -1
		}
		if decoded, width := unescapeAt(text, i); width > 0 && strings.HasPrefix(secret[j:], decoded) {
			i, j = i+width, j+len(decoded)
			continue
		}
		if text[i] != secret[j] {
			return -1
		}
		i, j = i+1, j+1
	}
	return i
}

// escapedWidth is the most bytes an escape takes per byte it stands for:
// an HTML character reference of maxEntityWidth for one byte.
const escapedWidth = maxEntityWidth

// maxEntityWidth is the longest HTML character reference decoded: the
// names of ASCII characters are at most 18 bytes (&DiacriticalGrave;),
// and a number may have zeros before it.
const maxEntityWidth = 20

// Widen widens [start, end) of body to take in whole every credential,
// spelled with escapes, that overlaps it, so that an excerpt of body
// shows none in part.
func (s *Secrets) Widen(body []byte, start, end int) (int, int) {
	if s == nil {
		return start, end
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.secrets) == 0 {
		return start, end
	}
	for i := max(0, start-escapedWidth*len(s.secrets[0])); i < end; i++ {
		if to := escapedAt(s.secrets, body, i); to > start {
			start, end = min(start, i), max(end, to)
		}
	}
	return start, end
}

// unescapeAt decodes the escape at text[i]: a percent-escape, a JSON
// escape (a \u escape, or a surrogate pair of them, or \/, \" and the
// like), or an HTML character reference. width is 0 when text[i] starts
// none.
func unescapeAt[S string | []byte](text S, i int) (decoded string, width int) {
	switch {
	case text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]):
		return string([]byte{unhex(text[i+1])<<4 | unhex(text[i+2])}), 3
	case text[i] == '&':
		return entityAt(text, i)
	case text[i] != '\\' || i+1 >= len(text):
		return "", 0
	}
	if c := text[i+1]; c != 'u' {
		if k := strings.IndexByte(`"\/bfnrt`, c); k >= 0 {
			return []string{`"`, `\`, "/", "\b", "\f", "\n", "\r", "\t"}[k], 2
		}
		return "", 0
	}
	r, ok := hex4(text, i+2)
	if !ok {
		return "", 0
	}
	width = 6
	if utf16.IsSurrogate(r) {
		low, ok := hex4(text, i+8)
		if !ok || text[i+6] != '\\' || text[i+7] != 'u' {
			return "", 0
		}
		if r = utf16.DecodeRune(r, low); r == utf8.RuneError {
			return "", 0
		}
		width = 12
	}
	return string(r), width
}

// entityAt decodes the HTML character reference at text[i], an & up to a
// ; (&#47;, &#x2F;, &sol;), or a number without it (&#47), as browsers
// read them; width is 0 when there is none.
func entityAt[S string | []byte](text S, i int) (decoded string, width int) {
	if i+2 < len(text) && text[i+1] == '#' {
		return numericReferenceAt(text, i)
	}
	end := min(len(text), i+maxEntityWidth)
	for j := i + 1; j < end; j++ {
		c := text[j]
		if c == ';' && j > i+1 {
			reference := string(text[i : j+1])
			// A reference stands for one character; more is a name html
			// reads without its ; (&ampx; as "&x;"), which is text.
			if decoded := html.UnescapeString(reference); decoded != reference && utf8.RuneCountInString(decoded) == 1 {
				return decoded, j + 1 - i
			}
			return "", 0
		}
		if !isAlphanumeric(c) {
			return "", 0
		}
	}
	return "", 0
}

// numericReferenceAt decodes the numeric character reference at text[i]
// (&#DDD or &#xHH, with any number of zeros, its ; optional); width is 0
// when there is none, or it stands for no character.
func numericReferenceAt[S string | []byte](text S, i int) (decoded string, width int) {
	j, base := i+2, rune(10)
	if j < len(text) && (text[j] == 'x' || text[j] == 'X') {
		j, base = j+1, 16
	}
	start := j
	var r rune
	for ; j < len(text); j++ {
		digit := rune(-1)
		switch c := text[j]; {
		case '0' <= c && c <= '9':
			digit = rune(c - '0')
		case base == 16 && isHex(c):
			digit = rune(unhex(c))
		}
		if digit < 0 {
			break
		}
		if r = r*base + digit; r > unicode.MaxRune {
			return "", 0
		}
	}
	if j == start || r == 0 || utf16.IsSurrogate(r) {
		return "", 0
	}
	if j < len(text) && text[j] == ';' {
		j++
	}
	if 0x80 <= r && r <= 0x9f {
		// Read as Windows-1252 (&#128; is €), as browsers and html do.
		return html.UnescapeString(fmt.Sprintf("&#%d;", r)), j - i
	}
	return string(r), j - i
}

// hex4 reads the four hex digits at text[i].
func hex4[S string | []byte](text S, i int) (rune, bool) {
	if i+4 > len(text) {
		return 0, false
	}
	var r rune
	for k := i; k < i+4; k++ {
		if !isHex(text[k]) {
			return 0, false
		}
		r = r<<4 | rune(unhex(text[k]))
	}
	return r, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// AppearIn reports whether any registered credential, in any spelling,
// appears in data. A body with no % and no \ is searched for the
// spellings that have neither; one with either is also searched with its
// escapes decoded (unescaped), for the credentials as they are.
func (s *Secrets) AppearIn(data []byte) bool {
	if s == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if containsAny(data, s.plain) {
		return true
	}
	if bytes.IndexByte(data, '%') < 0 && bytes.IndexByte(data, '\\') < 0 && bytes.IndexByte(data, '&') < 0 {
		return false
	}
	if containsAny(data, s.escaped) {
		return true
	}
	decoded := unescaped(data)
	for _, secret := range s.secrets {
		if strings.Contains(decoded, secret) {
			return true
		}
	}
	return false
}

// AppearSpelled reports whether any registered credential appears in data
// in one of its listed spellings (List), without AppearIn's search
// through mixed escapes: for data whose escapes are already decoded, such
// as a state's strings, where it allocates nothing.
func (s *Secrets) AppearSpelled(data []byte) bool {
	if s == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return containsAny(data, s.spelled)
}

// containsAny reports whether data holds any of spellings.
func containsAny(data []byte, spellings [][]byte) bool {
	for _, spelling := range spellings {
		if bytes.Contains(data, spelling) {
			return true
		}
	}
	return false
}

// unescaped is data with every escape unescapeAt decodes decoded: a JSON
// body's strings as their values, percent-encoded text as its bytes, HTML
// as its text.
func unescaped(data []byte) string {
	var b strings.Builder
	b.Grow(len(data))
	nextPercent, nextBackslash, nextAmpersand := -1, -1, -1
	for i := 0; i < len(data); {
		if nextPercent < i {
			nextPercent = indexFrom(data, '%', i)
		}
		if nextBackslash < i {
			nextBackslash = indexFrom(data, '\\', i)
		}
		if nextAmpersand < i {
			nextAmpersand = indexFrom(data, '&', i)
		}
		next := min(nextPercent, nextBackslash, nextAmpersand)
		b.Write(data[i:next])
		if i = next; i == len(data) {
			break
		}
		if decoded, width := unescapeAt(data, i); width > 0 {
			b.WriteString(decoded)
			i += width
			continue
		}
		b.WriteByte(data[i])
		i++
	}
	return b.String()
}

// indexFrom is the index of c in data from i on, or len(data) when there
// is none.
func indexFrom(data []byte, c byte, i int) int {
	if k := bytes.IndexByte(data[i:], c); k >= 0 {
		return i + k
	}
	return len(data)
}

// List is every registered spelling, for tflog's masking.
func (s *Secrets) List() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.values)
}
