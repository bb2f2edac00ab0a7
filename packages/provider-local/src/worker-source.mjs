// The pool's worker when running from TypeScript sources (tests, benchmarks):
// registers tsx in this thread, then loads the real worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export default worker.default;
