/** A labelled number input that reports only finite values, so a half-typed "0." never reaches the maths. */
export function NumberField(props: {
  label: string
  value: number
  onChange: (v: number) => void
  step?: number
  min?: number
  max?: number
  testId: string
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        data-testid={props.testId}
        defaultValue={props.value}
        step={props.step ?? 'any'}
        min={props.min}
        max={props.max}
        onChange={(e) => {
          const v = e.target.valueAsNumber
          if (
            Number.isFinite(v) &&
            (props.min === undefined || v >= props.min) &&
            (props.max === undefined || v <= props.max)
          )
            props.onChange(v)
        }}
      />
    </label>
  )
}

/** A labelled slider; the label shows `shown` (the value itself unless the slider picks an index). */
export function RangeField(props: {
  label: string
  shown: number
  value: number
  onChange: (v: number) => void
  min: number
  max: number
  step?: number
  testId: string
}) {
  return (
    <label>
      {props.label} {props.shown}
      <input
        type="range"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  )
}
