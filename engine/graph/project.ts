/**
 * The project file: a small envelope around the graph document, as the Projects panel saves it.
 * Opening checks the envelope and the graph's structure, so a damaged or too-new file is refused
 * with a sentence and the project the user has open stays as it is.
 */
import { BoundError, parseJsonBounded, quote } from '../budget/untrusted'
import { formatIssue } from './issues'
import { parseGraph } from './parse'

/** Far above any real project (the largest preset is 14 kB), far below what would hurt. */
export const MAX_PROJECT_BYTES = 16 * 1024 * 1024

export const PROJECT_FORMAT = 'deepwire-project'
export const PROJECT_VERSION = 1

/** Null when `project` can be opened; otherwise why not, for "project 'x' …". */
export function projectProblem(project: unknown): string | null {
  if (!project || typeof project !== 'object' || Array.isArray(project))
    return 'is not a Deepwire project (not a JSON object)'
  const p = project as { format?: unknown; version?: unknown; graph?: unknown }
  if (p.format !== PROJECT_FORMAT) return `is not a Deepwire project (format ${JSON.stringify(p.format)})`
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 1)
    return `has no valid version (found ${JSON.stringify(p.version)})`
  if (p.version > PROJECT_VERSION)
    return `was written by a newer Deepwire (project version ${p.version}; this build reads up to ${PROJECT_VERSION})`
  const g = parseGraph(p.graph)
  if (!g.ok) return `holds a damaged graph: ${formatIssue(g.errors[0])}`
  return null
}

/**
 * A project file's text as the user's project, checked the same way wherever it comes from (the
 * projects folder, a file chosen in the browser): JSON within bounds, then the envelope and the
 * graph. Throws one sentence naming the file; the file itself is never changed.
 */
export function projectFromText(text: string, name: string): unknown {
  let project: unknown
  try {
    project = parseJsonBounded(text, `project ${quote(name)}`)
  } catch (e) {
    const why = e instanceof BoundError ? e.message : `project ${quote(name)} is damaged (not valid JSON)`
    throw new Error(`${why}; the file was left untouched`, { cause: e })
  }
  const why = projectProblem(project)
  if (why) throw new Error(`project ${quote(name)} ${why}; the file was left untouched`)
  return project
}
