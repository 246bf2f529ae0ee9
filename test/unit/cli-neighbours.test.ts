/** `deepwire train` on the skip-gram preset, then `deepwire neighbours` on its checkpoint. */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { tempDir } from './data/tmp'

const dir = tempDir('neighbours')

describe('deepwire neighbours', () => {
  it('lists the nearest words of a trained skip-gram model as JSON', async () => {
    const out = path.join(dir, 'run')
    const t = await runCli('train', 'presets/skipgram.json', '--limit', '3000', '--epochs', '1', '--out', out)
    expect(t.code, t.stderr).toBe(0)
    const r = await runCli(
      'neighbours',
      'presets/skipgram.json',
      '--checkpoint',
      out,
      '--word',
      'Time',
      '--k',
      '4',
      '--json',
    )
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { word: string; neighbours: { word: string; similarity: number }[] }
    expect(j.word).toBe('time')
    expect(j.neighbours).toHaveLength(4)
    const sims = j.neighbours.map((n) => n.similarity)
    for (const s of sims) expect(Math.abs(s)).toBeLessThanOrEqual(1)
    expect(sims).toEqual([...sims].sort((a, b) => b - a))
    expect(j.neighbours.map((n) => n.word)).not.toContain('time')
    const bad = await runCli(
      'neighbours',
      'presets/skipgram.json',
      '--checkpoint',
      out,
      '--word',
      'xylophone',
    )
    expect(bad.code).toBe(1)
    expect(bad.stderr.trim()).toBe(
      'deepwire: the word "xylophone" is not in the model\'s vocabulary of 809 words',
    )
  }, 60_000)
})
