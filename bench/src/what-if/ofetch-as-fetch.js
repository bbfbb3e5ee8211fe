// What-if for the size table only: what the core's client uses of ofetch, on the platform fetch.
// The client calls `createFetch({ fetch }).raw(url, { method, body?, query?, signal,
// responseType: 'text', ignoreResponseError: true, retry: 0 })` and reads `response._data`.
export function createFetch({ fetch }) {
  return {
    async raw(url, { method, body, query, signal }) {
      const target = new URL(url)
      for (const [key, value] of Object.entries(query ?? {})) target.searchParams.set(key, value)
      const response = await fetch(target, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        signal,
      })
      response._data = await response.text()
      return response
    },
  }
}
