/**
 * Names the app turns into files or folders on the user's disk (an uploaded dataset's folder
 * and the files inside it). The contract's character rule is not enough on its own: '.' and '..'
 * pass it, and so do names that Windows maps to devices (NUL, COM1) or silently trims (a
 * trailing dot or space), so each name is normalised first and then checked part by part.
 */
import { quote } from '../budget/untrusted'

/** Longest name part, in UTF-8 bytes: the common file-system limit. */
export const MAX_PART_BYTES = 255

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
// Windows refuses these in names; ':' would even write a hidden stream of another file
const FORBIDDEN = /[<>:"/\\|?*\p{Cc}]/u

/** Null when `part` is safe as one file or folder name on every platform; otherwise why not. */
export function namePartProblem(part: string): string | null {
  if (part === '' || part === '.' || part === '..') return `${quote(part)} is not a name`
  if (Buffer.byteLength(part) > MAX_PART_BYTES) return `${quote(part)} is longer than ${MAX_PART_BYTES} bytes`
  if (FORBIDDEN.test(part)) return `${quote(part)} holds a character file names may not hold`
  if (/[. ]$/.test(part)) return `${quote(part)} ends with a dot or a space`
  if (RESERVED.test(part)) return `${quote(part)} is a name Windows reserves for a device`
  return null
}

/**
 * The uploaded dataset's folder name in NFC (so 'é' typed two ways is one folder), or a
 * sentence: letters, digits, space, _ . - only, no leading dot (hidden folders and the
 * app's own staging folders start with one), and safe as a name part.
 */
export function folderName(raw: string): { name: string } | { problem: string } {
  const name = raw.normalize('NFC')
  if (!/^[\p{L}\p{M}\p{N}_ .-]{1,80}$/u.test(name))
    return { problem: `${quote(name)} may hold 1 to 80 letters, digits, spaces, _ . - only` }
  if (name.startsWith('.')) return { problem: `${quote(name)} may not start with a dot` }
  const why = namePartProblem(name)
  return why ? { problem: why } : { name }
}
