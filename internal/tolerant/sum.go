package tolerant

import (
	"math"

	"github.com/shopspring/decimal"
)

// Sum is an exact running sum of Numbers; null values add nothing. Its
// zero value is a sum of 0. Amounts held small (Number.Small) add up in an
// int64 at their smallest exponent while the sum fits, allocating nothing;
// the rest, and what would overflow, add up as a decimal.Decimal. Either
// way the result is exact, and its exponent is the smallest of 0 and every
// amount's, as decimal.Decimal's own Add gives.
type Sum struct {
	large    decimal.Decimal // what did not add up in small
	small    int64           // × 10^exponent
	exponent int32
	inSmall  bool // small holds amounts
	inLarge  bool // large does
}

// Add adds n when it is known.
func (s *Sum) Add(n Number) {
	coefficient, exponent, ok := n.Small()
	switch {
	case !n.valid:
		return
	case !ok:
		s.large, s.inLarge = s.large.Add(*n.large), true
		return
	case !s.inSmall:
		s.small, s.exponent, s.inSmall = coefficient, exponent, true
		return
	}
	// Both at the smaller exponent, or spill what is held when that
	// overflows.
	if exponent > s.exponent {
		scaled, fits := scaleUp(coefficient, exponent-s.exponent)
		if !fits {
			s.spill(coefficient, exponent)
			return
		}
		coefficient = scaled
	} else if exponent < s.exponent {
		scaled, fits := scaleUp(s.small, s.exponent-exponent)
		if !fits {
			s.spill(coefficient, exponent)
			return
		}
		s.small, s.exponent = scaled, exponent
	}
	sum := s.small + coefficient
	if (coefficient > 0 && sum < s.small) || (coefficient < 0 && sum > s.small) {
		s.spill(coefficient, s.exponent)
		return
	}
	s.small = sum
}

// spill moves what small holds into large, and holds coefficient ×
// 10^exponent in small instead.
func (s *Sum) spill(coefficient int64, exponent int32) {
	s.large, s.inLarge = s.large.Add(decimal.New(s.small, s.exponent)), true
	s.small, s.exponent = coefficient, exponent
}

// scaleUp is c × 10^k, reporting false when that overflows an int64.
func scaleUp(c int64, k int32) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	for ; k > 0; k-- {
		if c > math.MaxInt64/10 || c < math.MinInt64/10 {
			return 0, false
		}
		c *= 10
	}
	return c, true
}

// IsZero reports whether the sum is 0, without making the decimal while
// the amounts add up in an int64.
func (s *Sum) IsZero() bool {
	if !s.inLarge {
		return s.small == 0
	}
	return s.Decimal().IsZero()
}

// Decimal is the sum.
func (s *Sum) Decimal() decimal.Decimal {
	if !s.inSmall {
		return s.large
	}
	return s.large.Add(decimal.New(s.small, s.exponent))
}

// Number is the sum as a known Number, made without a big number when
// the sum stayed small.
func (s *Sum) Number() Number {
	const limit = 1_000_000_000_000_000_000 // 10^18: a Number holds up to 18 digits small
	if !s.inLarge && s.exponent <= 0 && -limit < s.small && s.small < limit {
		return Number{coefficient: s.small, exponent: s.exponent, valid: true}
	}
	return NumberOf(s.Decimal())
}
