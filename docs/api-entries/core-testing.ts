/**
 * Test helpers for your own UI: every path through the flow, generated from the machine, a client
 * whose requests you settle by hand, and a coverage recorder.
 *
 * @module @passage-otp/core/testing
 */
export * from '../../packages/core/src/testing'
