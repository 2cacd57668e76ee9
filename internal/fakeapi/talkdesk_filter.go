package fakeapi

import (
	"fmt"
	"strings"
)

// parseTalkdeskFilter parses the documented filter grammar:
//
//	or    = and { "or" and }
//	and   = term { "and" term }
//	term  = "(" or ")" | field "eq" 'value'    ('' is a quote inside a value)
//	field = account_id | month
//
// It returns the predicate and every account id the filter names.
func parseTalkdeskFilter(filter string) (func(map[string]any) bool, []string, error) {
	tokens, err := tokenize(filter)
	if err != nil {
		return nil, nil, err
	}
	p := &filterParser{tokens: tokens}
	match, err := p.or()
	if err == nil && p.pos < len(p.tokens) {
		err = fmt.Errorf("unexpected %q", p.tokens[p.pos].text)
	}
	if err != nil {
		return nil, nil, err
	}
	return match, p.accounts, nil
}

type filterToken struct {
	text   string
	quoted bool
}

func tokenize(s string) ([]filterToken, error) {
	var tokens []filterToken
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case ' ':
			i++
		case '(', ')':
			tokens = append(tokens, filterToken{text: string(c)})
			i++
		case '\'':
			var value strings.Builder
			i++
			for {
				if i >= len(s) {
					return nil, fmt.Errorf("unterminated value")
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						value.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				value.WriteByte(s[i])
				i++
			}
			tokens = append(tokens, filterToken{text: value.String(), quoted: true})
		default:
			start := i
			for i < len(s) && s[i] != ' ' && s[i] != '(' && s[i] != ')' && s[i] != '\'' {
				i++
			}
			tokens = append(tokens, filterToken{text: s[start:i]})
		}
	}
	return tokens, nil
}

type filterParser struct {
	tokens   []filterToken
	pos      int
	accounts []string
}

func (p *filterParser) peek(word string) bool {
	return p.pos < len(p.tokens) && !p.tokens[p.pos].quoted && p.tokens[p.pos].text == word
}

func (p *filterParser) or() (func(map[string]any) bool, error) {
	return p.chain("or", p.and, func(a, b bool) bool { return a || b })
}

func (p *filterParser) and() (func(map[string]any) bool, error) {
	return p.chain("and", p.term, func(a, b bool) bool { return a && b })
}

func (p *filterParser) chain(op string, next func() (func(map[string]any) bool, error), combine func(a, b bool) bool) (func(map[string]any) bool, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for p.peek(op) {
		p.pos++
		right, err := next()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(r map[string]any) bool { return combine(l(r), right(r)) }
	}
	return left, nil
}

func (p *filterParser) term() (func(map[string]any) bool, error) {
	if p.peek("(") {
		p.pos++
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return inner, nil
	}
	if p.pos+2 >= len(p.tokens) {
		return nil, fmt.Errorf("expected field eq 'value'")
	}
	field, op, value := p.tokens[p.pos], p.tokens[p.pos+1], p.tokens[p.pos+2]
	if field.quoted || (field.text != "account_id" && field.text != "month") {
		return nil, fmt.Errorf("unknown field %q: use account_id or month", field.text)
	}
	if op.quoted || op.text != "eq" || !value.quoted {
		return nil, fmt.Errorf("expected %s eq 'value'", field.text)
	}
	p.pos += 3
	if field.text == "account_id" {
		p.accounts = append(p.accounts, value.text)
	}
	return func(r map[string]any) bool { return r[field.text] == value.text }, nil
}
