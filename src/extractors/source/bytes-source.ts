import { CountedSource } from './counted-source';

/** ByteSource over bytes already in memory (small inputs and generated test data). */
export class BytesSource extends CountedSource {
  readonly size: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name = 'bytes',
  ) {
    super();
    this.size = bytes.length;
  }
  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(offset, offset + length);
  }
}
