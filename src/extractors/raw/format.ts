import type { FormatInfo } from '../format-info';

/**
 * Camera RAW images: Canon CR2/CR3, Nikon NEF/NRW, Sony ARW/SRF/SR2, Adobe DNG, Fujifilm RAF,
 * Olympus ORF, Panasonic RW2, Pentax PEF, Samsung SRW. Media types as ExifTool and
 * shared-mime-info name them (DNG: Adobe's image/x-adobe-dng).
 */
export const format = {
  id: 'raw',
  label: 'Camera RAW',
  version: '5',
  fileTypes: {
    'image/x-canon-cr2': ['cr2'],
    'image/x-canon-cr3': ['cr3'],
    'image/x-nikon-nef': ['nef'],
    'image/x-nikon-nrw': ['nrw'],
    'image/x-sony-arw': ['arw'],
    'image/x-sony-srf': ['srf'],
    'image/x-sony-sr2': ['sr2'],
    'image/x-adobe-dng': ['dng'],
    'image/x-fuji-raf': ['raf'],
    'image/x-olympus-orf': ['orf'],
    'image/x-panasonic-rw2': ['rw2'],
    'image/x-pentax-pef': ['pef'],
    'image/x-samsung-srw': ['srw'],
  },
} as const satisfies FormatInfo;
