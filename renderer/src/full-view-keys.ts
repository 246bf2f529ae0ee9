/**
 * The keyboard's way into and out of full view: Ctrl+Shift+F (⌘⇧F) toggles it anywhere but in
 * a text field, Esc leaves it unless something else on the page took the key first (a dialog,
 * a field being named, an open select).
 */
export type FullViewKey = 'toggle' | 'leave' | null

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
  defaultPrevented: boolean
  /** Where the key was pressed: text fields keep their own keys. */
  inTextField: boolean
}

export function fullViewKey(e: KeyLike, fullView: boolean): FullViewKey {
  if (e.defaultPrevented || e.inTextField) return null
  if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'f') return 'toggle'
  if (fullView && e.key === 'Escape' && !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey)) return 'leave'
  return null
}
