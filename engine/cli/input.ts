/**
 * What the CLI reads from the user: graph files (bounded and admitted before any process
 * starts) and numeric options, each refused in one sentence naming what is wrong.
 */
import { promises as fs } from 'node:fs'
import { admitGraph } from '../budget'
import { BoundError, parseJsonBounded, quote } from '../budget/untrusted'
import { readCheckpointMeta } from '../node/inspect'

/** A refusal the CLI prints as its one line. */
export class CliError extends Error {}

export async function readGraph(file: string) {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`)
  }
  let json: unknown
  try {
    json = parseJsonBounded(text, file)
  } catch (e) {
    if (e instanceof BoundError) throw new CliError(e.message)
    throw new CliError(`${file} is not valid JSON: ${quote((e as Error).message, 200)}`)
  }
  return json
}

/**
 * Reads and admits a graph (or a resumed checkpoint's graph) before any worker starts: a refusal
 * is a sentence here, not a thread left running or a heap filled by the expansion.
 */
export async function readAdmitted(file: string, resumeFrom?: string) {
  const graph = await readGraph(file)
  if (!resumeFrom) {
    admitGraph(graph, file)
    return graph
  }
  const meta = await readCheckpointMeta(resumeFrom).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(e.code ? `cannot read checkpoint ${resumeFrom}: ${e.code}` : e.message)
  })
  admitGraph(meta.graph, `${resumeFrom}'s graph`)
  return graph
}

export const num = (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n)) throw new CliError(`${quote(v)} is not a number`)
  return n
}
/** A count option: a whole number from `min` up, refused in one sentence naming the option. */
export const whole =
  (option: string, min = 1) =>
  (v: string) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min)
      throw new CliError(`${option} takes a whole number from ${min} up, not ${quote(v)}`)
    return n
  }
export const positive = (option: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${option} takes a number above 0, not ${quote(v)}`)
  return n
}
