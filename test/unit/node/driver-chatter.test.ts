import { describe, expect, it } from 'vitest'
import { withoutDriverChatter } from '../../../engine/node/driver-chatter'

const filtered = (chunks: string[]) => {
  let out = ''
  const f = withoutDriverChatter((t) => (out += t))
  chunks.forEach((c) => f.push(c))
  f.end()
  return out
}

describe("the engine's stderr without GPU-probing chatter", () => {
  it('drops Mesa and Dawn adapter chatter, even split across chunks', () => {
    const chatter =
      'error: XDG_RUNTIME_DIR is invalid or not set in the environment.\n' +
      'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.\n' +
      ' - While initializing adapter (backend=BackendType::Vulkan)\n' +
      '    at InitializeImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:257)\n' +
      '\n'
    const text = chatter + 'FATAL ERROR: out of memory\n'
    expect(filtered([text.slice(0, 70), text.slice(70, 200), text.slice(200)])).toBe(
      'FATAL ERROR: out of memory\n',
    )
  })
  it('passes on everything else, other warnings included', () => {
    const text = 'Warning: something of ours\nplain line\nlast without newline'
    expect(filtered([text])).toBe(text)
  })
})
