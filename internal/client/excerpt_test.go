package client

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// The quote of a body starts and ends on whole characters and whole
// credentials: a credential that crosses the quote's edge by a single byte
// is masked whole, and one that only touches the edge stays outside it.
func TestExcerptEdges(t *testing.T) {
	const secret = "sk-SECRETVALUE-0123456789" // 25 bytes
	a, b := strings.Repeat("a", 100), strings.Repeat("b", 300)
	cases := []struct {
		name   string
		body   string
		offset int
		want   string
	}{
		{"a start inside a two-byte character", strings.Repeat("a", 20) + "é" + b, 101,
			"…é" + strings.Repeat("b", 159) + "…"},
		{"a body that starts inside a character", "\xa9abc", 0, "?abc"},
		{"a credential one byte inside the start", a + secret + b, 204,
			"…" + Redacted + strings.Repeat("b", 159) + "…"},
		{"a credential that ends before the start", a + secret + "xx" + b, 206,
			"…x" + strings.Repeat("b", 159) + "…"},
		{"a credential that starts at the end", strings.Repeat("a", 160) + secret + b, 0,
			strings.Repeat("a", 160) + "…"},
	}
	for _, c := range cases {
		if got := Excerpt([]byte(c.body), c.offset, secretsOf(secret)); got != c.want {
			t.Errorf("%s: %q\nwant %q", c.name, got, c.want)
		}
	}
}

// Only a 2xx status is a success: 3xx, which the core does not follow
// elsewhere, is not.
func TestOKIsOnly2xx(t *testing.T) {
	for status, want := range map[int]bool{199: false, 200: true, 204: true, 299: true, 300: false, 304: false} {
		if got := (&Response{Status: status}).OK(); got != want {
			t.Errorf("HTTP %d: OK() = %v", status, got)
		}
	}
}

// A body that is not JSON is described by what is wrong with it: empty,
// cut short, or malformed at a place.
func TestDecodeJSONDescribesTheProblem(t *testing.T) {
	for body, want := range map[string]string{
		``:          "the body is empty",
		`{"a":[1,`:  "the JSON ends early (a truncated body)",
		`{"a":1,]}`: "malformed JSON: invalid character ']' looking for beginning of object key string",
		`[1]`:       "the top-level value should be an object, got array",
	} {
		var v struct{ A []int }
		err := (&Response{Vendor: "Test", Status: 200, Body: []byte(body)}).DecodeJSON(&v, "an object")
		var decodeErr *DecodeError
		if !errors.As(err, &decodeErr) || decodeErr.Problem != want {
			t.Errorf("%q: %v\nwant the problem %q", body, err, want)
		}
	}
}

// A credential echoed with its characters escaped some other way than
// the provider sends them (a JSON \u escape of a letter, lower-case
// percent-escapes) is masked whole in an excerpt, wherever its edges cut.
func TestExcerptMasksEscapedSecretsAcrossItsEdges(t *testing.T) {
	const secret = "oc+demo/token= 42"
	secrets := secretsOf(secret)
	for _, spelling := range []string{`\u006fc+d\u0065mo\/token\u003d 42`, "oc%2bdemo%2ftoken%3d%2042",
		"oc&#x2b;demo&#47;token&equals;&#X0020;42", "&#111;c&plus;demo&sol;token&#61; 42"} {
		for before := 0; before < 3*excerptRadius; before += 7 {
			body := strings.Repeat("a", before) + spelling + strings.Repeat("b", 3*excerptRadius)
			for _, offset := range []int{0, 200} {
				got := Excerpt([]byte(body), offset, secrets)
				for i := 6; i <= len(spelling); i++ {
					for _, piece := range []string{spelling[:i], spelling[len(spelling)-i:]} {
						if strings.Contains(got, piece) {
							t.Fatalf("%s, %d bytes before it, from %d: the excerpt shows %q: %q", spelling, before, offset, piece, got)
						}
					}
				}
			}
		}
	}
}

// A credential's base64 spelling comes back escaped as any text may: its /
// as \/ (PHP's JSON), its /, + and = percent-encoded in a query. Each is
// found, masked in an error and its excerpt, and keeps an answer out of
// the cache directory.
func TestBase64SpellingOfASecretIsFoundEscaped(t *testing.T) {
	secret := "oc_live_7Hq?9xK~3mZ"
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	if !strings.ContainsAny(b64, "/+") || !strings.HasSuffix(b64, "=") {
		t.Fatalf("the test needs a secret whose base64 has a / or + and padding, not %s", b64)
	}
	s := secretsOf(secret)
	for name, body := range map[string]string{
		"as is":           `{"echo":"` + b64 + `"}`,
		`/ as \/`:         `{"echo":"` + strings.ReplaceAll(b64, "/", `\/`) + `"}`,
		"percent-encoded": `{"echo":"` + strings.NewReplacer("/", "%2F", "+", "%2B", "=", "%3D").Replace(b64) + `"}`,
		"lower-case hex":  `{"echo":"` + strings.NewReplacer("/", "%2f", "+", "%2b", "=", "%3d").Replace(b64) + `"}`,
	} {
		if !s.AppearIn([]byte(body)) {
			t.Errorf("%s: %s does not show the secret (an answer holding it would be kept)", name, body)
		}
		if masked := s.Mask(body); strings.Contains(masked, b64[:12]) {
			t.Errorf("%s: the error shows %s", name, masked)
		}
		if excerpt := Excerpt([]byte(body), 0, s); strings.Contains(excerpt, b64[:12]) {
			t.Errorf("%s: the excerpt shows %s", name, excerpt)
		}
	}
}

// A credential read with file() ends in a line break, and one may hold
// spaces: a vendor that echoes it trimmed, or a quote that folds its
// spaces, still shows none of it.
func TestACredentialIsMaskedTrimmedAndWithItsSpaces(t *testing.T) {
	const token, spaced = "vz-TOKEN-1234567890abcdef\n", "tw-SECRET  abcdefghijklmnop"
	secrets := secretsOf(token, spaced)
	for name, body := range map[string]string{
		"echoed trimmed":         "<html><body><p>Session vz-TOKEN-1234567890abcdef is not valid</p></body></html>",
		"echoed with its spaces": `{"error":"invalid key tw-SECRET  abcdefghijklmnop"}`,
		"echoed trimmed in JSON": `{"result":702,"error":"invalid session vz-TOKEN-1234567890abcdef"}`,
	} {
		for _, shown := range []string{Excerpt([]byte(body), 0, secrets), secrets.Mask(body)} {
			if strings.Contains(shown, "1234567890abcdef") || strings.Contains(shown, "abcdefghijklmnop") || !strings.Contains(shown, Redacted) {
				t.Errorf("%s: %q shows the credential", name, shown)
			}
		}
	}
}

// A value of the wrong type that holds a credential shows none of it in
// the problem, however long the value: the problem names a long string by
// its length, and the excerpt masks the credential whole.
func TestAWrongValueHoldingACredentialShowsNoneOfIt(t *testing.T) {
	const secret = "tw-SECRET-abcdefghijklmnop"
	body := `{"a":"the invalid key: ` + secret + `"}`
	var v struct {
		A tolerant.Number `json:"a"`
	}
	err := (&Response{Vendor: "Test", Status: 200, Body: []byte(body), secrets: secretsOf(secret)}).DecodeJSON(&v, "an object")
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) {
		t.Fatalf("DecodeJSON: %v", err)
	}
	if want := "field a should be a number, a numeric string or null, got string of 45 bytes"; decodeErr.Problem != want {
		t.Errorf("the problem is %q; want %q", decodeErr.Problem, want)
	}
	if shown := err.Error(); strings.Contains(shown, "tw-SECRET") || !strings.Contains(shown, Redacted) {
		t.Errorf("the error shows the credential: %s", shown)
	}
}

// What a vendor says in an error (its code, message and trace id) reaches
// the user's terminal: on one line, without the control characters that
// would clear the screen, colour it or retitle it, without a credential
// even where the cut falls inside one, and at most a few hundred bytes,
// cut on a whole character.
func TestWhatAVendorSaysIsShownPlainAndShort(t *testing.T) {
	const secret = "tw-SECRET-abcdefghijklmnop"
	long := strings.Repeat("é", maxSaid/2-5) + secret + strings.Repeat("x", 1<<20)
	resp := &Response{Vendor: "Test", Method: "GET", Path: "/x", Status: 403, secrets: secretsOf(secret)}
	err := resp.Error("ft.Bad\x1b[2J", "evil \x1b[31mRED\x1b[0m bell\x07 cr\rOVER\n\u202egnp.exe\u200b"+secret, "tr\x1b]0;title\x07")
	if want := (APIError{Code: "ft.Bad [2J", Message: "evil [31mRED [0m bell cr OVER gnp.exe " + Redacted, TraceID: "tr ]0;title"}); err.Code != want.Code || err.Message != want.Message || err.TraceID != want.TraceID {
		t.Errorf("code %q, message %q, trace id %q;\nwant %q, %q, %q", err.Code, err.Message, err.TraceID, want.Code, want.Message, want.TraceID)
	}
	err = resp.Error(long, long, long)
	for name, said := range map[string]string{"code": err.Code, "message": err.Message, "trace id": err.TraceID} {
		if len(said) > maxSaid+len("…") || !strings.HasSuffix(said, "…") || !utf8.ValidString(said) || strings.Contains(said, "tw-SECRET") {
			t.Errorf("a long %s is shown as %d bytes: %q", name, len(said), said[:min(len(said), 80)])
		}
	}
}

// An HTML error page writes a credential's &, <, >, " and ' as entities:
// it is masked so too.
func TestACredentialEchoedInHTMLIsMasked(t *testing.T) {
	const secret = `oc&tok<en>"42'`
	body := `<html><body><p>Token oc&amp;tok&lt;en&gt;&#34;42&#39; is not valid</p></body></html>`
	for _, shown := range []string{Excerpt([]byte(body), 0, secretsOf(secret)), secretsOf(secret).Mask(body)} {
		if strings.Contains(shown, "tok&lt;en") || !strings.Contains(shown, Redacted) {
			t.Errorf("%q shows the credential", shown)
		}
	}
	if !secretsOf(secret).AppearIn([]byte(body)) {
		t.Error("an answer that echoes the credential in HTML would be kept in the cache directory")
	}
}

// Web frameworks write entities each their own way: every character but
// letters and digits in lower-case hex (OWASP's encoder), in decimal, in
// upper-case hex with zeros before it, or by name (&sol;, &plus;,
// &equals;, &apos;). A credential so written is masked, and found.
func TestACredentialEchoedInAnyHTMLEntitiesIsMasked(t *testing.T) {
	const secret = "OC73Zt5u/Pq+Rs0='a"
	for _, echoed := range []string{
		"OC73Zt5u&#x2f;Pq&#x2b;Rs0&#x3d;&#x27;a",
		"OC73Zt5u&#47;Pq&#43;Rs0&#61;&#39;a",
		"OC73Zt5u&#X002F;Pq&#x002B;Rs0&#0061;&#039;a",
		"OC73Zt5u&sol;Pq&plus;Rs0&equals;&apos;a",
		"OC73Zt5u/Pq+Rs0&#61;&#x27;a",
		// Browsers read a numeric reference without its ; too, and with
		// any number of zeros.
		"OC73Zt5u&#47Pq&#x2b;Rs0&#000000000000000000061;&#39a",
	} {
		body := "<html><body><p>Invalid token: " + echoed + "</p></body></html>"
		secrets := secretsOf(secret)
		if masked := secrets.Mask(body); strings.Contains(masked, "OC73Zt5u") || !strings.Contains(masked, Redacted) {
			t.Errorf("Mask(%q) = %q", echoed, masked)
		}
		if !secrets.AppearIn([]byte(body)) {
			t.Errorf("%q: an answer that echoes the credential would be kept in the cache directory", echoed)
		}
	}
	// An ampersand that starts no reference is text; a semicolon may be
	// written as one.
	for secret, text := range map[string]string{"tok&b;c": "x tok&b;c y", "tok;en&x": "x tok&#59;en&amp;x y", "tok&ampx;": "x tok&ampx; y"} {
		if masked := secretsOf(secret).Mask(text); masked != "x "+Redacted+" y" {
			t.Errorf("%q in %q is masked as %q", secret, text, masked)
		}
	}
}

// A credential inside a longer text that is base64-encoded (an HTTP Basic
// value with the token as its password, "user:" + token) sits at any of
// three offsets in the base64; it is found and masked at each, padded or
// not.
func TestACredentialWithinBase64IsFoundAtEveryOffset(t *testing.T) {
	const secret = "tw-api-key-0123456789abcdef"
	s := secretsOf(secret)
	for _, before := range []string{"u:", "us:", "usr:", "user:"} {
		for _, encoding := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			echoed := encoding.EncodeToString([]byte(before + secret + "@host"))
			body := `{"echo":"Basic ` + echoed + `"}`
			if !s.AppearIn([]byte(body)) {
				t.Errorf("%q within base64 (%s) is not found", before+secret, echoed)
			}
			// The base64 of the credential's middle is masked: no run of
			// 12 characters of it is left.
			masked := s.Mask(body)
			middle := encoding.EncodeToString([]byte(before + secret))[8:20]
			if strings.Contains(masked, middle) || !strings.Contains(masked, Redacted) {
				t.Errorf("%q within base64 is masked as %s", before+secret, masked)
			}
		}
	}
	// A credential too short for its base64 to be told from other text is
	// masked only whole.
	if short := secretsOf("abc12"); short.Mask("YWJjMTI") != Redacted || short.Mask("eHlhYmMxMnp6") != "eHlhYmMxMnp6" {
		t.Errorf("a short credential's base64 pieces: %q, %q", short.Mask("YWJjMTI"), short.Mask("eHlhYmMxMnp6"))
	}
}

// AppearSpelled finds a credential in its listed spellings (as sent,
// percent-encoded, HTML-escaped, base64), with nothing decoded first.
func TestAppearSpelledFindsTheListedSpellings(t *testing.T) {
	const secret = "oc+demo/token=42"
	s := secretsOf(secret)
	for _, text := range []string{secret, "oc%2Bdemo%2Ftoken%3D42", "oc%2bdemo%2ftoken%3d42", "b2MrZGVtby90b2tlbj00Mg==", "x\xa5" + secret + "\x00"} {
		if !s.AppearSpelled([]byte(text)) {
			t.Errorf("%q: not found", text)
		}
	}
	if s.AppearSpelled([]byte("oc+demo/token=4 2")) {
		t.Error("found in a text that does not hold it")
	}
}

// Browsers, and html.UnescapeString, read the references &#128; to &#159;
// as the Windows-1252 characters (&#128; is €): a credential so written
// is found.
func TestACredentialWithAWindows1252ReferenceIsFound(t *testing.T) {
	s := secretsOf("tok€n-0123456789abcdef")
	for _, text := range []string{"<p>key tok&#128;n-0123456789abcdef</p>", "<p>key tok&#x80;n-0123456789abcdef</p>", "<p>key tok&#8364n-0123456789abcdef</p>"} {
		if !s.AppearIn([]byte(text)) || s.Mask(text) != "<p>key "+Redacted+"</p>" {
			t.Errorf("%s: found %v, masked as %s", text, s.AppearIn([]byte(text)), s.Mask(text))
		}
	}
}
