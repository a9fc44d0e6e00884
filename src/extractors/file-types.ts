/**
 * The file types of each format (its `format.ts` `fileTypes`: media type → extensions, lower case,
 * no dot), for the registry's detection hints (registry.ts `extensions`) and the installed app's
 * `file_handlers` (vite.config.ts: the files the operating system offers to open with
 * MetaExtract). Plain data only: vite.config.ts imports it at build time.
 */
import type { FormatInfo } from './format-info';
import { FORMATS } from './formats';

/** A format's extensions, in the order listed. */
export function extensionsOf(format: FormatInfo): string[] {
  return [...new Set(Object.values(format.fileTypes).flat())];
}

/**
 * Every format's types merged into a Web App Manifest `file_handlers[].accept` value: media type
 * → extensions with their dot (https://wicg.github.io/manifest-incubations/#file_handlers-member).
 */
export function manifestAccept(): Record<string, string[]> {
  const accept: Record<string, string[]> = {};
  for (const { fileTypes } of FORMATS) {
    for (const [type, extensions] of Object.entries(fileTypes) as [string, readonly string[]][]) {
      accept[type] = [...new Set([...(accept[type] ?? []), ...extensions.map((e) => `.${e}`)])];
    }
  }
  return accept;
}
