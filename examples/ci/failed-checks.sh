#!/bin/sh
# Reads the output of `terraform plan -json` (or `tofu plan -json`) on
# standard input and prints, one per line, every check block whose
# assertion failed and every error that failed the plan:
#
#   check "truewatch_product_limit": TrueWatch Session Replay cost 250 in 2026-10, over its limit of 200.
#   error: Module output value precondition failed: TrueWatch cost 1200 in 2026-10, over the hard limit of 1000.
#
# Exit status: 0 when nothing failed, 1 when a check or the plan failed,
# 2 when the input is not plan output or jq is missing.
#
#   terraform plan -input=false -json -out=tfplan > plan.jsonl
#   sh failed-checks.sh < plan.jsonl
#
# Needs jq (https://jqlang.org).
set -eu

if ! command -v jq > /dev/null 2>&1; then
  echo "failed-checks.sh: jq is not installed; it reads the plan's JSON" >&2
  exit 2
fi

# The plan's JSON starts with a "version" message: without one, the input
# is not plan output (or plan did not start), and nothing can be said.
report=$(jq -rs '
  if any(.[]; type == "object" and .type == "version") | not then
    error("no plan -json output")
  else .[] end
  | select(type == "object" and .type == "diagnostic") | .diagnostic
  | if .severity == "error" then
      "error: \(.summary)" + (if (.detail // "") != "" then ": \(.detail)" else "" end)
    elif (.summary // "" | startswith("Check block assertion")) then
      "\(.snippet.context // "check"): \(.detail // .summary)"
    else empty end
' 2> /dev/null) || { echo "failed-checks.sh: the input is not the output of plan -json" >&2; exit 2; }

if [ -z "$report" ]; then
  echo "No check failed."
  exit 0
fi
printf '%s\n' "$report"
exit 1
