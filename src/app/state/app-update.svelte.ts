/**
 * A new version of the app, offered rather than forced (vite-plugin-pwa `registerType: 'prompt'`,
 * Workbox): a new build's service worker installs in the background and waits; `ready` turns
 * true and the page offers "Reload to update"; `apply()` activates it and reloads. Nothing reloads
 * on its own, so a batch in progress is never cut short. The app checks for a new version when it
 * loads and then every CHECK_EVERY_MS. Records cached by an older version carry its extractor
 * versions in their keys (results-store.ts cacheKey), so after the update they re-extract.
 */
import { registerSW } from 'virtual:pwa-register';

const CHECK_EVERY_MS = 60 * 60 * 1000;

let reloading = false;
/** Reloads the page, once however many signals ask for it. */
const reloadOnce = () => {
  if (reloading) return;
  reloading = true;
  location.reload();
};

export class AppUpdate {
  /** A new version is installed and waiting. */
  ready = $state(false);
  private activate: ((reloadPage?: boolean) => Promise<void>) | null = null;

  /** Registers the service worker (where the browser has them) and starts watching for updates. */
  start(): void {
    if (!('serviceWorker' in navigator)) return;
    this.activate = registerSW({
      onNeedRefresh: () => (this.ready = true),
      onNeedReload: reloadOnce,
      onRegisteredSW: (_url, registration) => {
        if (registration) setInterval(() => void registration.update().catch(() => undefined), CHECK_EVERY_MS);
      },
    });
  }

  /**
   * Activates the waiting version; the page reloads once it has taken over (on the service
   * worker's `controllerchange`: a version found by a periodic check is "external" to
   * workbox-window, which then would not reload itself).
   */
  apply(): Promise<void> {
    navigator.serviceWorker?.addEventListener('controllerchange', reloadOnce, { once: true });
    return this.activate?.(true) ?? Promise.resolve();
  }
}
