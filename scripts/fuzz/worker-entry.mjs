// Worker thread entry. Node 20 does not carry the parent's module hooks (tsx) into worker
// threads (nodejs/node#47747), so the worker registers tsx's loader itself, in this thread,
// before importing the TypeScript worker. Works the same under `tsx` and under vitest.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
