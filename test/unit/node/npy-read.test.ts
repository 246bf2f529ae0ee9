import { describe, expect, it } from 'vitest'
import { npy } from '../../../engine/export/pytorch/npz'
import { readNpy } from '../../../engine/node/npy-read'

const good = npy({ name: 'x', dtype: 'int64', shape: [2, 2], data: BigInt64Array.from([1n, -2n, 3n, 4n]) })
const withHeader = (header: string, body = new Uint8Array(16)) => {
  const head = new Uint8Array(10 + header.length)
  head.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0)
  new DataView(head.buffer).setUint16(8, header.length, true)
  head.set(new TextEncoder().encode(header), 10)
  return Uint8Array.from([...head, ...body])
}

describe('.npy reader', () => {
  it("reads int64 as the engine's floats", () => {
    expect(readNpy(good, 'x.npy')).toMatchObject({
      shape: [2, 2],
      descr: '<i8',
      data: Float32Array.from([1, -2, 3, 4]),
    })
  })
  it.each([
    ['no signature', new TextEncoder().encode('hello world!'), /NumPy signature/],
    ['truncated data', good.subarray(0, good.length - 3), /needs 32 bytes of data but the file holds 29/],
    [
      'Fortran order',
      withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }"),
      /Fortran order/,
    ],
    [
      'a string dtype',
      withHeader("{'descr': '<U3', 'fortran_order': False, 'shape': (2, 2), }"),
      /dtype '<U3'/,
    ],
    [
      'a huge claimed shape',
      withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"),
      /needs 40000000000 bytes/,
    ],
  ])('refuses %s with one sentence', (_what, bytes, why) => {
    expect(() => readNpy(bytes, 'x.npy')).toThrow(why)
  })
})
