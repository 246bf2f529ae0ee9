/** Messages of one feature, merged into the app's catalogue under their own top-level keys. */
export const en = {}
export const zh: typeof en = {}
