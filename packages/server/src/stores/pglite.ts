import type { Transaction } from '@electric-sql/pglite'
import { migrate, type SqlClient, SqlStore, type SqlTransaction } from './sql'

type Queryable = Pick<Transaction, 'query' | 'exec'>

const adapt = (db: Queryable): SqlTransaction => ({
  query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
  exec: async (sql) => {
    await db.exec(sql)
  },
})

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, in this process, its data in
 * `dataDir` (in memory when omitted). One process at a time may open a directory.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  // Loaded on first use: the dev server and the other stores never pay for it.
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create(dataDir === undefined ? undefined : { dataDir })
  const client: SqlClient = {
    query: adapt(db).query,
    transaction: (work) => db.transaction((tx) => work(adapt(tx))),
    close: () => db.close(),
  }
  await migrate(client)
  return new SqlStore(client)
}
