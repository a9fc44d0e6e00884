import { describe, expect, it } from 'vitest';
import { GlobalHeapGuard, globalHeapProblem } from './global-heap';

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
    const bytes = collection(4096, [
      { index: 1, size: 5 },
      { index: 2, size: 8 },
      { index: 0, size: 4096 - 16 - 48 },
    ]);
    expect(globalHeapProblem(bytes, 8)).toBeNull();
  });

  it('accepts a collection whose tail is too short for an object header (HDF5 takes it as free space)', () => {
    expect(globalHeapProblem(collection(4096, [{ index: 1, size: 4096 - 16 - 16 - 8 }]), 8)).toBeNull();
  });

  it('flags a free-space object of size 0, on which HDF5 loops forever', () => {
    expect(
      globalHeapProblem(
        collection(4096, [
          { index: 1, size: 8 },
          { index: 0, size: 0 },
        ]),
        8,
      ),
    ).toMatch(/object 0 at \+40 declares 0 bytes, no room/);
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

describe('HDF5 global heap guard across HDF5 reads', () => {
  /** HDF5's reads of a collection at `address` larger than 4096 bytes: the first 4096 bytes, then the rest. */
  function pieces(bytes: Uint8Array, address: number): [number, Uint8Array][] {
    return [
      [address, bytes.subarray(0, 4096)],
      [address + 4096, bytes.subarray(4096)],
    ];
  }

  it('flags a collection larger than 4096 bytes whose free space of size 0 lies past the first read', () => {
    // The fuzzer's mutant of generated_external_target.h5: the size word says 4608 instead of 4096,
    // so the walk goes on past the original free space into what follows in the file — an object
    // header read as object 1 of 256 bytes, a symbol table node ("SN") read as object 20051 of
    // 8 bytes — and reaches zero bytes, a free-space object of size 0, at +4392.
    const bytes = collection(4608, [
      { index: 1, size: 20 },
      { index: 0, size: 4040 },
      { index: 1, size: 256 },
      { index: 0x4e53, size: 8 },
      { index: 0, size: 0 },
    ]);
    // Neither read is a whole collection by itself.
    expect(pieces(bytes, 2048).map(([, b]) => globalHeapProblem(b, 8))).toEqual([null, null]);
    const guard = new GlobalHeapGuard(8);
    const [first, rest] = pieces(bytes, 2048);
    expect(guard.check(...first)).toBeNull();
    expect(guard.check(...rest)).toMatch(/object 0 at \+4392 declares 0 bytes, no room/);
  });

  it('flags a collection whose rest runs past the end of the file (the reader fills zeros there)', () => {
    // Sound up to +4096 (one object fills the first read); what the reader returns for the rest is zeros.
    const bytes = collection(8192, [{ index: 1, size: 4096 - 16 - 16 }]);
    const guard = new GlobalHeapGuard(8);
    const [first, rest] = pieces(bytes, 0);
    expect(guard.check(...first)).toBeNull();
    expect(guard.check(...rest)).toMatch(/object 0 at \+4096 declares 0 bytes/);
  });

  it('accepts a sound collection larger than 4096 bytes read in two pieces', () => {
    const bytes = collection(8192, [
      { index: 1, size: 5000 },
      { index: 2, size: 8 },
      { index: 0, size: 8192 - 16 - 5024 - 24 },
    ]);
    expect(globalHeapProblem(bytes, 8)).toBeNull();
    const guard = new GlobalHeapGuard(8);
    for (const [start, piece] of pieces(bytes, 4096)) expect(guard.check(start, piece)).toBeNull();
  });

  it('joins the first read only with the read of exactly the rest, issued next', () => {
    const bytes = collection(4608, [{ index: 0, size: 0 }]);
    const [first, rest] = pieces(bytes, 2048);
    const guard = new GlobalHeapGuard(8);
    expect(guard.check(...first)).toBeNull();
    expect(guard.check(rest[0] + 8, rest[1].subarray(8))).toBeNull();
    expect(guard.check(...rest)).toBeNull();
    expect(guard.check(...first)).toBeNull();
    expect(guard.check(...rest)).not.toBeNull();
  });

  it('still checks a collection read whole', () => {
    expect(
      new GlobalHeapGuard(8).check(
        0,
        collection(4096, [
          { index: 1, size: 8 },
          { index: 0, size: 0 },
        ]),
      ),
    ).toMatch(/no room/);
  });
});
