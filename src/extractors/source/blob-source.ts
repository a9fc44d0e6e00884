import { CountedSource } from './counted-source';

/** ByteSource over a browser `File`/`Blob`: each read is one `blob.slice(a, b).arrayBuffer()`. */
export class BlobSource extends CountedSource {
  readonly size: number;
  readonly name: string;
  constructor(readonly blob: Blob, name?: string) {
    super();
    this.size = blob.size;
    this.name = name ?? (blob as File).name ?? 'blob';
  }
  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await this.blob.slice(offset, offset + length).arrayBuffer());
  }
}
