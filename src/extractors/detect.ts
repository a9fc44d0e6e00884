import type { ByteSource, RegistryEntry } from './types';
import { registry } from './registry';
import { extensionOf } from './sniff-util';
import { HEAD_BYTES } from './source/head';

/**
 * Bytes at the end of a file named `name` that its extractor will likely read (the registry's
 * `tail` hint for its extension), 0 when none or when the file lies within the head anyway.
 */
export function tailBytes(name: string, size: number, entries: readonly RegistryEntry[] = registry): number {
  if (size <= HEAD_BYTES) return 0;
  const ext = extensionOf(name);
  return entries.find((e) => e.tail?.extensions.includes(ext))?.tail?.bytes ?? 0;
}

/**
 * Picks the registry entry for a file from its first bytes: a 'yes' wins (registry order);
 * among 'maybe's, one whose extensions include the file's extension, else the first.
 * Returns null when no entry claims the file. Pure: does no I/O.
 */
export function pickEntry(head: Uint8Array, name: string, entries: readonly RegistryEntry[] = registry): RegistryEntry | null {
  const answers = entries.map((e) => {
    try {
      return e.sniff(head, name);
    } catch {
      return 'no' as const;
    }
  });
  const yes = entries.find((_, i) => answers[i] === 'yes');
  if (yes) return yes;
  const maybes = entries.filter((_, i) => answers[i] === 'maybe');
  const ext = extensionOf(name);
  return maybes.find((e) => e.extensions.includes(ext)) ?? maybes[0] ?? null;
}

/**
 * Reads the head (up to HEAD_BYTES) once and picks the entry; when none claims a file longer than
 * the head, the first entry whose `locate` finds its signature further on.
 */
export async function detect(source: ByteSource, signal?: AbortSignal, entries: readonly RegistryEntry[] = registry): Promise<{ entry: RegistryEntry | null; head: Uint8Array }> {
  const head = await source.read(0, HEAD_BYTES, signal);
  const entry = pickEntry(head, source.name, entries);
  if (entry || head.length >= source.size) return { entry, head };
  for (const e of entries) if (e.locate && (await e.locate(source, head.length, signal))) return { entry: e, head };
  return { entry: null, head };
}
