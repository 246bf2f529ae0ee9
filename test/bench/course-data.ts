/**
 * Writes the data Deepwire's course presets train on as NumPy files, so that the course's own
 * recipes (test/bench/course_reference.py) run in PyTorch on exactly the same samples and split:
 * Fashion-MNIST's 60,000 training and 10,000 test images (uint8, N×28×28) with their labels.
 *
 *   npx tsx test/bench/course-data.ts OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { packagedImages } from '../../engine/data/packaged'

/** A version-1.0 .npy file: magic, header length, a Python-dict header padded to 64 bytes. */
function npy(data: Uint8Array, shape: number[]): Buffer {
  const dict = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  const pad = 64 - ((10 + dict.length + 1) % 64)
  const header = dict + ' '.repeat(pad % 64) + '\n'
  const prefix = Buffer.alloc(10)
  prefix.write('\x93NUMPY', 0, 'latin1')
  prefix[6] = 1
  prefix[7] = 0
  prefix.writeUInt16LE(header.length, 8)
  return Buffer.concat([
    prefix,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ])
}

const out = process.argv[2]
if (!out) throw new Error('usage: course-data.ts OUT_DIR')
mkdirSync(out, { recursive: true })
const ds = await packagedImages('fashion-mnist')
const n = ds.testFrom ?? 0
const x = ds.x as Uint8Array
const y = ds.y as Uint8Array
const px = 28 * 28
const parts = { train: [0, n], test: [n, ds.size] } as const
for (const [name, [from, to]] of Object.entries(parts)) {
  writeFileSync(join(out, `fashion_${name}_x.npy`), npy(x.subarray(from * px, to * px), [to - from, 28, 28]))
  writeFileSync(join(out, `fashion_${name}_y.npy`), npy(y.subarray(from, to), [to - from]))
}
console.log(`wrote ${n} training and ${ds.size - n} test images to ${out}`)
