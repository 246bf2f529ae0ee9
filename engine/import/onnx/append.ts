/** Appends `v` to the list under `k`: linear however many readers a hostile file gives one tensor. */
export function append<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}
