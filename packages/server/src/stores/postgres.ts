import { migrate, type SqlClient, SqlStore } from './sql'

/** The store on a PostgreSQL server, shared by every instance that uses the same database. */
export async function openPostgresStore(connectionString: string): Promise<SqlStore> {
  // Loaded on first use: the dev server and the other stores never pay for it.
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString, max: 10 })
  // An idle connection that breaks is dropped by the pool; without a listener it would crash.
  pool.on('error', () => undefined)
  const client: SqlClient = {
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async transaction(work) {
      const connection = await pool.connect()
      try {
        await connection.query('BEGIN')
        const result = await work({
          query: async (sql, params) => (await connection.query(sql, params)).rows,
          exec: async (sql) => {
            await connection.query(sql)
          },
        })
        await connection.query('COMMIT')
        return result
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        connection.release()
      }
    },
    close: () => pool.end(),
  }
  try {
    await migrate(client)
  } catch (error) {
    await pool.end()
    throw error
  }
  return new SqlStore(client)
}
