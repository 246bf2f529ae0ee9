import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DevicesReport } from '../../../engine/backend/devices'
import type { BackendPreference } from '../../../engine/protocol'
import { api } from '../api'

/** The user's choice and the backend it asks for: the GPU path, or the CPU path (wasm). */
export const DEVICE_CHOICES = { auto: 'auto', gpu: 'webgpu', cpu: 'wasm' } as const satisfies Record<
  string,
  BackendPreference
>
export type DeviceChoice = keyof typeof DEVICE_CHOICES

let asked: Promise<DevicesReport> | null = null

/**
 * Auto / GPU / CPU, with what each means on this machine: the GPU entry names the adapter or
 * says why there is none (no driver, only a software emulation), so the choice is never blind.
 */
export function DevicePicker({ value, onChange }: { value: DeviceChoice; onChange(v: DeviceChoice): void }) {
  const { t } = useTranslation()
  const [report, setReport] = useState<DevicesReport | null>(null)
  useEffect(() => {
    let live = true
    asked ??= api.invoke('devices:list', {})
    asked.then((r) => live && setReport(r)).catch(() => (asked = null))
    return () => {
      live = false
    }
  }, [])
  const gpu = report?.backends.find((b) => b.name === 'webgpu')
  const auto = report?.backends.find((b) => b.name === report.auto)
  const note = (c: DeviceChoice) =>
    !report
      ? ''
      : c === 'gpu'
        ? (gpu?.note ?? '')
        : c === 'auto'
          ? auto
            ? `${auto.name}: ${auto.note}`
            : ''
          : ''
  return (
    <>
      <label title={note(value) || t('device.hint')}>
        {t('device.label')}
        <select
          data-testid="train-device"
          value={value}
          onChange={(e) => onChange(e.target.value as DeviceChoice)}
        >
          {(Object.keys(DEVICE_CHOICES) as DeviceChoice[]).map((c) => (
            <option
              key={c}
              value={c}
              disabled={c === 'gpu' && gpu !== undefined && !gpu.usable}
              title={note(c)}
            >
              {t(`device.${c}`)}
              {c === 'gpu' && gpu && !gpu.usable ? ` — ${t('device.unavailable')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {report && (
        <div className="device-notes">
          {value === 'auto' && (
            <small data-testid="train-device-note">
              {t('device.autoPicks', { backend: t(`device.backend.${report.auto}`) })}
            </small>
          )}
          {gpu && !gpu.usable && <small data-testid="train-gpu-note">GPU: {gpu.note}</small>}
        </div>
      )}
    </>
  )
}
