/** Module worker entry: exposes the extraction API over Comlink. */
import { expose } from 'comlink';
import { api } from './worker-api';

expose(api);
