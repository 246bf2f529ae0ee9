import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `deepwire ARGS` as a user would (a child process); a failing exit is a result, not a throw. */
export async function runCli(...args: string[]): Promise<CliResult> {
  try {
    const r = await promisify(execFile)(process.execPath, ['bin/deepwire.mjs', ...args], {
      maxBuffer: 1 << 24,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}
