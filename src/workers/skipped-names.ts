/**
 * Names skipped when walking folders (app and CLI): hidden entries (`.DS_Store`, `.git`…),
 * Windows' `Thumbs.db`/`desktop.ini`, and macOS archive litter (`__MACOSX`).
 */
const SYSTEM = new Set(['thumbs.db', 'desktop.ini', '__macosx']);

export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SYSTEM.has(name.toLowerCase());
}
