import type { listPresets } from '../node/presets'

/** Columns as wide as their longest entry, so long preset names never push the rest out of line. */
export function presetTable(list: Awaited<ReturnType<typeof listPresets>>): string {
  const rows = [
    ['preset', 'task', 'parameters', 'input', 'settings', 'file'],
    ...list.map((p) => [
      p.name,
      p.task,
      p.trainableParams.toLocaleString('en'),
      JSON.stringify(p.inputShape),
      // the course's own settings or a quick variant, and the d2l-zh section it compares with
      [p.settings ?? '', p.courseSection ? `§${p.courseSection}` : ''].join(' ').trim(),
      p.file,
    ]),
  ]
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
