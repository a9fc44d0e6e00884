/** Module worker entry: exposes the extraction API over Comlink. */
import { expose } from 'comlink';
import { createWorkerApi } from './worker-api';

expose(createWorkerApi());
