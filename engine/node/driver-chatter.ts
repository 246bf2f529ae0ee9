/**
 * Probing for a GPU makes native code write to the process's stderr directly: Mesa's window
 * system layer complains that XDG_RUNTIME_DIR is unset, and Dawn explains, with a native stack
 * line, why it rejects an adapter (Debian's lavapipe lacks a feature). The device report says
 * all that in one sentence, so the engine's stderr is passed on without this chatter: a CLI
 * error stays one line. Everything else is passed on unchanged.
 */
const CHATTER = /^error: XDG_RUNTIME_DIR is invalid or not set/
/** A Dawn adapter warning: "Warning: …", " - While initializing adapter …", "    at … (…dawn…)". */
const DAWN_CONTEXT = /^ - While initializing adapter/
const NATIVE_FRAME = /^\s+at \S+ \(.*dawn.*\)$/

export function withoutDriverChatter(write: (text: string) => void) {
  let partial = ''
  let held: string | null = null // a "Warning:" line, until the next line says whose it is
  let inWarning = false
  const line = (l: string) => {
    if (held !== null) {
      const warning = held
      held = null
      if (DAWN_CONTEXT.test(l)) {
        inWarning = true
        return
      }
      write(warning + '\n')
    }
    if (inWarning && (NATIVE_FRAME.test(l) || l.trim() === '')) {
      if (l.trim() === '') inWarning = false
      return
    }
    inWarning = false
    if (CHATTER.test(l)) return
    if (l.startsWith('Warning: ')) held = l
    else write(l + '\n')
  }
  return {
    push(chunk: string) {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop()!
      lines.forEach(line)
    },
    /** The process has ended: pass on what is still held. */
    end() {
      if (held !== null) write(held + '\n')
      if (partial) write(partial)
      held = null
      partial = ''
    },
  }
}
