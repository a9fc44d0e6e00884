/**
 * Lazy loading of the libraries formats load on first use (h5wasm, MediaInfoLib, c2pa-wasm) and of
 * their Node-only halves in src/node/.
 */

/**
 * Imports `src/node/<name>.ts` (Node only: the CLI, the tests). The specifier is a variable, so
 * the bundler does not follow it and the module never enters the browser bundle (nor does the
 * lint fence see an import of src/node).
 */
export async function importNodeHalf<T>(name: string): Promise<T> {
  const specifier = '../node/' + name;
  return (await import(/* @vite-ignore */ specifier)) as T;
}

/** A loader that runs `load` once: later calls share its promise; after a rejection the next call runs it again. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => (loading = undefined));
    return loading;
  };
}

/** A queue that runs the tasks given to it one at a time, in call order; a task's failure does not stop the next. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}
