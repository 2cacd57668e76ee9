// Package attrs builds the attributes that data sources describe alike:
// computed ones, the attribute's own description, then the note every
// attribute of its kind ends with (when it is null, how an amount is
// read); and the plain arguments.
package attrs

import (
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// RequiredString is a string argument that must be set.
func RequiredString(description string, validators ...validator.String) schema.Attribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: description, Validators: validators}
}

// OptionalString is a string argument that may be left unset.
func OptionalString(description string, validators ...validator.String) schema.Attribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: validators}
}

// DefaultedString is a string argument the provider fills in when it is
// left unset: computed too, so that the state shows the value used.
func DefaultedString(description string, validators ...validator.String) schema.Attribute {
	return schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: description, Validators: validators}
}

// DefaultedNumber is a number argument the provider fills in when it is
// left unset, as DefaultedString.
func DefaultedNumber(description string, validators ...validator.Number) schema.Attribute {
	return schema.NumberAttribute{Optional: true, Computed: true, MarkdownDescription: description, Validators: validators}
}

// StringOr is the value of a DefaultedString argument: v's when it is
// set, else def. v then holds the value used, for the state to show.
func StringOr(v *types.String, def string) string {
	if !v.IsNull() && !v.IsUnknown() {
		def = v.ValueString()
	}
	*v = types.StringValue(def)
	return def
}

// IntOr is the value of a DefaultedNumber argument that is a whole number
// (its validators say so), as StringOr is a string's.
func IntOr(v *types.Number, def int) int {
	if !v.IsNull() && !v.IsUnknown() {
		def = int(validate.Int64(*v))
	}
	*v = types.NumberValue(big.NewFloat(float64(def)))
	return def
}

// Notes are the sentences that end computed attributes' descriptions.
type Notes struct {
	// NullNote ends a Text's or a Flag's description: when it is null.
	NullNote string
	// AmountNote ends an Amount's description: how it is read, when it is null.
	AmountNote string
}

// API are the notes of a vendor's records that the API may leave fields out of.
var API = leftOutBy("API")

// Platform are API's notes for a vendor that calls itself a platform.
var Platform = leftOutBy("platform")

func leftOutBy(noun string) Notes {
	null := " Null when the " + noun + " leaves it out."
	return Notes{NullNote: null, AmountNote: " Exact decimal, as the " + noun + " wrote it." + null}
}

// Text is a computed String attribute.
func (n Notes) Text(description string) schema.Attribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description + n.NullNote}
}

// Amount is a computed Number attribute, read exactly.
func (n Notes) Amount(description string) schema.Attribute {
	return schema.NumberAttribute{Computed: true, MarkdownDescription: description + n.AmountNote}
}

// Flag is a computed Bool attribute.
func (n Notes) Flag(description string) schema.Attribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description + n.NullNote}
}
