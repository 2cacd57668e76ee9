package virtuozzoaccount

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
)

const (
	nullNote   = " Null when the platform leaves it out."
	amountNote = " Exact decimal, as the platform wrote it (a number or a numeric string; the platform's reference " +
		"calls it a BigDecimal), in the account's currency (the platform does not name it)." + nullNote
)

//go:embed description.md
var description string

func computed() map[string]schema.Attribute {
	notes := attrs.Notes{NullNote: nullNote, AmountNote: amountNote}
	text, amount := notes.Text, notes.Amount
	return map[string]schema.Attribute{
		"uid":        schema.NumberAttribute{Computed: true, MarkdownDescription: "The account's user id (`uid`)." + nullNote},
		"email":      text("The account's email address (`email`)."),
		"group":      text("The account's group (`group`), such as a trial or billing group."),
		"group_type": text("The type of the account's group (`groupType`)."),
		"language":   text("The account's language (`language`)."),
		"created_on": text("When the account was created (`createdOn`), as the platform writes it: `yyyy-MM-dd HH:mm:ss` in the platform's time zone."),
		"status": text("The account's status (`status`): `ACTIVE`, `INACTIVE`, `DESTROY` or `DELETED`, whether the " +
			"platform sends the text of its reference (`\"ACTIVE(1)\"`), the bare name, or the number (`1`, also as " +
			"`\"1\"`). Any other value is kept as the text it was sent as, so that nothing is hidden: `7` is `\"7\"`, " +
			"`\"WEIRD(9)\"` is `\"WEIRD(9)\"`, and a name with another status's number in brackets (`\"ACTIVE(2)\"`) is " +
			"`\"ACTIVE(2)\"`."),
		"balance": amount("The account's balance (`balance`)."),
		"bonus":   amount("The account's bonus balance (`bonus`)."),
		"credit":  amount("The account's credit (`credit`)."),
		"debit":   amount("The account's debit (`debit`)."),
		"is_enabled": notes.Flag("Whether the account is enabled (`isEnabled`). `true` and `false` are read as sent; " +
			"so are the strings `\"true\"` and `\"false\"` (any case) and the numbers `1` and `0`. Any other value fails the read."),
	}
}
