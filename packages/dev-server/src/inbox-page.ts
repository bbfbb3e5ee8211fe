import type { OutboxMessage } from './types'

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch)
}

// Grey text is #555 on #fafafa (7:1); WCAG asks 4.5:1 of text.
const STYLE = `
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
    padding: 0 1rem; color: #1d1d1f; background: #fafafa }
  h1 { font-size: 1.3rem; margin-bottom: .25rem }
  p.hint { color: #555; margin-top: 0 }
  a.refresh { display: inline-block; padding: .35rem .9rem; border: 1px solid #555;
    border-radius: 6px; background: #fff; color: #1d1d1f; text-decoration: none }
  a.refresh:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px }
  table { border-collapse: collapse; width: 100% }
  th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #e3e3e3 }
  th { font-size: .8rem; text-transform: uppercase; color: #555 }
  td.code { font: 600 1.25rem ui-monospace, monospace; letter-spacing: .12em }
  tr.expired td { color: #555 }
  tr.expired td.code { text-decoration: line-through }
  .empty { padding: 2rem; text-align: center; color: #555 }
`

/**
 * The dev inbox: every code "sent", newest first. It does not reload itself (a page that does
 * moves focus and the reading position, WCAG 2.2.1): its Refresh link loads it again, filters
 * and all.
 */
export function renderInboxPage(messages: OutboxMessage[], nowMs: number, filter?: string): string {
  const rows = messages.map((m) => {
    const expired = Date.parse(m.expiresAt) <= nowMs
    return `<tr${expired ? ' class="expired"' : ''}>
  <td><time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(timeOf(m.createdAt))}</time></td>
  <td>${escapeHtml(m.channel)}</td>
  <td>${escapeHtml(m.identifier)}</td>
  <td class="code">${escapeHtml(m.code)}</td>
  <td>${escapeHtml(m.intent)}</td>
  <td>${escapeHtml(m.language)}</td>
  <td>${escapeHtml(m.appId)}</td>
  <td>${expired ? 'expired' : `until ${escapeHtml(timeOf(m.expiresAt))}`}</td>
</tr>`
  })
  const body =
    rows.length === 0
      ? '<p class="empty">No codes sent yet. Send one, then press Refresh.</p>'
      : `<table>
<thead><tr><th>Sent</th><th>Channel</th><th>To</th><th>Code</th><th>Intent</th>
<th>Language</th><th>App</th><th>Valid</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
  const title = filter ? `Inbox for ${escapeHtml(filter)}` : 'Inbox'
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>passage-otp dev ${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>passage-otp dev ${title}</h1>
<p class="hint">Codes the dev server "sent", newest first. Nothing leaves this machine.</p>
<p><a class="refresh" href="">Refresh</a></p>
${body}
</main>
</body>
</html>
`
}

function timeOf(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8)
}
