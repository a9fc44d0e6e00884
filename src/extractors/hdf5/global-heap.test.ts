import { describe, expect, it } from 'vitest';
import { globalHeapProblem } from './global-heap';

/** A global heap collection of `size` bytes (Size of Lengths 8) holding `objects` in order. */
function collection(size: number, objects: { index: number; size: number; data?: number }[]): Uint8Array {
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  bytes.set([0x47, 0x43, 0x4f, 0x4c, 1]);
  dv.setBigUint64(8, BigInt(size), true);
  let p = 16;
  for (const o of objects) {
    dv.setUint16(p, o.index, true);
    dv.setBigUint64(p + 8, BigInt(o.size), true);
    p += o.index > 0 ? 16 + Math.ceil(o.size / 8) * 8 : o.size;
  }
  return bytes;
}

describe('HDF5 global heap guard', () => {
  it('accepts a sound collection: objects padded to 8 bytes, then the free space', () => {
    // 16-byte header + 2 × (16 + 8) + free space object of the remaining 4032 bytes.
    const bytes = collection(4096, [{ index: 1, size: 5 }, { index: 2, size: 8 }, { index: 0, size: 4096 - 16 - 48 }]);
    expect(globalHeapProblem(bytes, 8)).toBeNull();
  });

  it('accepts a collection whose tail is too short for an object header (HDF5 takes it as free space)', () => {
    expect(globalHeapProblem(collection(4096, [{ index: 1, size: 4096 - 16 - 16 - 8 }]), 8)).toBeNull();
  });

  it('flags a free-space object of size 0, on which HDF5 1.14 loops forever', () => {
    expect(globalHeapProblem(collection(4096, [{ index: 1, size: 8 }, { index: 0, size: 0 }]), 8)).toMatch(/object 0 at \+40 declares 0 bytes, no room/);
  });

  it('flags an object running past the collection (sizes that wrap a 32-bit size_t included)', () => {
    expect(globalHeapProblem(collection(4096, [{ index: 3, size: 2 ** 35 }]), 8)).toMatch(/past the collection's 4096 bytes/);
    expect(globalHeapProblem(collection(4096, [{ index: 3, size: 2 ** 32 - 16 }]), 8)).toMatch(/past the collection/);
    expect(globalHeapProblem(collection(4096, [{ index: 0, size: 5000 }]), 8)).toMatch(/past the collection/);
  });

  it('ignores other bytes and collections not read whole yet', () => {
    expect(globalHeapProblem(new Uint8Array(4096), 8)).toBeNull();
    const big = collection(8192, [{ index: 0, size: 0 }]);
    expect(globalHeapProblem(big.subarray(0, 4096), 8)).toBeNull();
    expect(globalHeapProblem(big, 8)).not.toBeNull();
  });
});
