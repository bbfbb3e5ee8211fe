/**
 * The test database, from PASSAGE_OTP_TEST_DATABASE_URL. Tests on PostgreSQL are skipped only
 * without it, and CI must set it: there its absence is an error, not a skip.
 */
export function postgresUrl(): string | undefined {
  const url = process.env.PASSAGE_OTP_TEST_DATABASE_URL || undefined
  if (url === undefined && process.env.CI === 'true') {
    throw new Error(
      'PASSAGE_OTP_TEST_DATABASE_URL must be set in CI (scripts/postgres.sh starts a database)',
    )
  }
  return url
}
