// Package livetest holds opt-in acceptance tests that read every data
// source from the real vendor APIs, with the provider configured only from
// the environment variables it already reads (TRUEWATCH_API_KEY,
// VIRTUOZZO_API_URL, OCAMBA_TOKEN, TALKDESK_CLIENT_ID and the rest).
//
// They run with TF_ACC=1 (`make testacc`); without it the test harness skips
// them, and a vendor whose credentials are not in the environment is skipped
// with the names of the variables it lacks. They only read.
//
// The vendors' figures change from day to day, so the tests assert shapes and
// invariants, never figures: every attribute has its type, nothing the
// contract says is never null is null, a count is the number of rows, a total
// is the exact decimal sum of the rows' amounts, and every breakdown is the
// exact sum of its rows and adds up to its total per currency. The same
// configurations and checks also run against the local fake vendor APIs in
// the ordinary test suite, where they are shown to pass on what the provider
// reads and to fail on states that break each invariant.
package livetest
