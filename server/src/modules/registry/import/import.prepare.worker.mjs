// An import worker thread: TypeScript through tsx (as bin/linli.js runs the server), then serve batches.
import { register } from 'tsx/esm/api';

register();
const { serveWorker } = await import('./import.prepare.ts');
serveWorker();
