/**
 * The webgpu suite runs without a GPU on SwiftShader's Vulkan ICD (Debian's chromium package,
 * with libvulkan1). Set before Dawn starts: the Vulkan loader reads VK_ICD_FILENAMES once.
 * On a machine with a real GPU and no SwiftShader the suite uses that GPU instead.
 */
import { existsSync } from 'node:fs'

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/** Points Vulkan at SwiftShader (when present) and lets an explicit `webgpu` use a software adapter. */
export function useSoftwareGpu(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
  process.env.DEEPWIRE_ALLOW_SOFTWARE_GPU = '1'
}
