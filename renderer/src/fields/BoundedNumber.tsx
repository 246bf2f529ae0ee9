/**
 * What a number box's text means: a number held within [min, max] (whole when `integer`), or
 * `fallback` when the text is empty or not a number — so a cleared box never sends NaN onwards.
 */
export function boundedNumber(
  text: string,
  o: { min: number; max: number; fallback: number; integer?: boolean },
) {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) return o.fallback
  const held = Math.min(o.max, Math.max(o.min, n))
  return o.integer ? Math.round(held) : held
}

/** A labelled, controlled number box that only ever reports values within its bounds. */
export function BoundedNumber(props: {
  label: string
  title?: string
  testId?: string
  /** undefined shows an empty box */
  value: number | undefined
  min: number
  max: number
  step?: number
  integer?: boolean
  /** what an empty or unreadable box means (default: min) */
  fallback?: number
  onChange: (v: number) => void
}) {
  const { min, max, integer } = props
  return (
    <label title={props.title}>
      {props.label}{' '}
      <input
        type="number"
        data-testid={props.testId}
        min={min}
        max={max}
        step={props.step ?? (integer ? 1 : 'any')}
        value={props.value ?? ''}
        onChange={(e) =>
          props.onChange(
            boundedNumber(e.target.value, { min, max, integer, fallback: props.fallback ?? min }),
          )
        }
      />
    </label>
  )
}
