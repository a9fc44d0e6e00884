/** The colour theme on the page: app.css reads `data-theme` on <html> (settings.ts Theme). */
import type { Theme } from '../state/settings';

/** Applies `theme` to the page: `system` follows `prefers-color-scheme`, `light` and `dark` override it. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}
