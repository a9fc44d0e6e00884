/** What the PDF reader (read.ts) found, for present.ts. Plain data. */
import type { FieldValue } from '../types';
import type { XmpData } from '../photo/xmp';
import type { EncryptionInfo } from './crypt';

/** One Info dictionary entry (ISO 32000-1 §14.3.3): decoded value and, for dates, the string as written. */
export interface InfoEntry {
  key: string;
  value: FieldValue;
  raw?: string;
}

/** A signature field's value (§12.8.1 Table 252). */
export interface Signature {
  field: string;
  name?: string;
  signingTime?: string;
  signingTimeRaw?: string;
  subFilter?: string;
  reason?: string;
  location?: string;
  byteRange?: number[];
  /** The /ByteRange starts at 0 and ends at the end of the file (no bytes after the signed revision). */
  coversWholeFile?: boolean;
}

/** Page 1's geometry, inherited through the page tree (§7.7.3.4). */
export interface PageGeometry {
  mediaBox?: number[];
  cropBox?: number[];
  rotate: number;
  userUnit?: number;
}

export interface SecurityFacts {
  /** Where JavaScript was found (names tree, OpenAction, AA, annotations). */
  javascript: string[];
  embeddedFiles: number;
  acroForm: boolean;
  formFields: number;
  xfa: boolean;
  signatures: Signature[];
  linkAnnotations: number;
  annotations: number;
  /** Pages whose annotations were read (all when `annotPagesScanned === pages`). */
  annotPagesScanned: number;
}

export interface PdfModel {
  headerVersion?: string;
  /** Bytes before `%PDF-` (junk readers tolerate). */
  headerOffset: number;
  catalogVersion?: string;
  pages?: number;
  page1?: PageGeometry;
  linearized: boolean;
  /** A linearization dictionary is there but its /L is not the file size (updated since). */
  linearizationStale: boolean;
  xrefKind: 'table' | 'stream' | 'hybrid' | 'scan';
  xrefSections: number;
  incrementalUpdates: number;
  objectStreams: number;
  /** Trailer /Size. */
  objectCount?: number;
  id?: string[];
  tagged?: boolean;
  pageLayout?: string;
  pageMode?: string;
  lang?: string;
  info: InfoEntry[];
  /** The Info dictionary is there but its strings are encrypted and no key is known. */
  infoLocked: boolean;
  xmp?: XmpData;
  xmpBytes?: number;
  encryption?: EncryptionInfo & { opened: boolean; detail?: string };
  security?: SecurityFacts;
  /** Where the catalog's /AF names a C2PA Manifest Store (read by ../c2pa/), when it does. */
  c2pa?: string;
}
