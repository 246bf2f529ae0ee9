/**
 * Which graph node owns a tfjs weight. Weight paths start with the node's layer name
 * ('n_conv1/kernel'); a node's sub-layers add suffixes ('n_att_q/kernel'), so the owner is the
 * node with the longest matching name — a node 'a' must not claim the weights of a node 'a_q'.
 */

/** The tfjs layer part of a weight path: 'n_conv1/kernel' → 'n_conv1'. */
export const layerOf = (weightName: string) => weightName.slice(0, weightName.indexOf('/'))

/** Node id owning `weightName`, or undefined when no node's layer name matches. */
export function ownerOf(weightName: string, owners: [string, string][]): string | undefined {
  const layer = layerOf(weightName)
  return owners.find(([, l]) => layer === l || layer.startsWith(l + '_'))?.[0]
}

/** Node id → layer name pairs, longest name first, for ownerOf. */
export const ownersOf = (layerNames: Map<string, string>): [string, string][] =>
  [...layerNames].sort((a, b) => b[1].length - a[1].length)

/** Indices of `names` grouped by owning node (unowned ones under their tfjs layer name). */
export function byNode(names: string[], layerNames: Map<string, string>): Map<string, number[]> {
  const owners = ownersOf(layerNames)
  const out = new Map<string, number[]>()
  names.forEach((name, i) => {
    const key = ownerOf(name, owners) ?? layerOf(name)
    out.set(key, [...(out.get(key) ?? []), i])
  })
  return out
}
