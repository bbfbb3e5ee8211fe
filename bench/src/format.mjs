// Tables for the terminal and for Markdown, and the number formats every table uses.

/** `1234` → `1.23 kB` (1 kB = 1000 bytes, like bundlers and size-limit report). */
export function kB(bytes) {
  if (bytes < 1000) return `${bytes} B`
  return `${(bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1)} kB`
}

export function ratio(value, base) {
  if (!base) return 'n/a'
  const r = value / base
  return `${r.toFixed(r < 10 ? 2 : 1)}×`
}

export function ms(value) {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`
}

export function us(value) {
  return `${Math.round(value)} µs`
}

/** Nearest-rank percentile of unsorted numbers. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export const median = (values) => percentile(values, 50)

export function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}

/**
 * A table: `{ title, columns: [{ key, label, align? }], rows: [{ [key]: string }], notes? }`.
 * Right-aligned columns hold numbers.
 */
export function toText(table) {
  const { columns, rows } = table
  const cell = (row, column) => String(row[column.key] ?? '')
  const widths = columns.map((column) =>
    Math.max(column.label.length, ...rows.map((row) => cell(row, column).length)),
  )
  const pad = (text, column, index) =>
    column.align === 'right' ? text.padStart(widths[index]) : text.padEnd(widths[index])
  const line = (values) => values.join('  ').trimEnd()
  const out = [
    table.title,
    '',
    line(columns.map((column, index) => pad(column.label, column, index))),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) =>
      line(columns.map((column, index) => pad(cell(row, column), column, index))),
    ),
  ]
  for (const note of table.notes ?? []) out.push(`  ${note}`)
  return out.join('\n')
}

/** A Markdown table with padded columns (the layout Biome's Markdown formatter keeps). */
export function toMarkdown(table, level = '###') {
  const { columns, rows } = table
  const escapeCell = (text) => String(text ?? '').replaceAll('|', '\\|')
  const cells = rows.map((row) => columns.map((column) => escapeCell(row[column.key])))
  const labels = columns.map((column) => escapeCell(column.label))
  const widths = labels.map((label, index) =>
    Math.max(3, label.length, ...cells.map((row) => row[index].length)),
  )
  const pad = (text, index) =>
    columns[index].align === 'right' ? text.padStart(widths[index]) : text.padEnd(widths[index])
  const line = (values) => `| ${values.map(pad).join(' | ')} |`
  const rule = widths.map((width, index) =>
    columns[index].align === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  )
  const out = [
    `${level} ${table.title}`,
    '',
    line(labels),
    `| ${rule.join(' | ')} |`,
    ...cells.map(line),
  ]
  if (table.notes?.length) out.push('', ...table.notes.map((note) => `- ${note}`))
  return out.join('\n')
}
