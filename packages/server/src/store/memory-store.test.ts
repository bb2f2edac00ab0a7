import { createMemoryStore } from './memory-store.js';
import { describeStoreConformance } from './store-conformance.test-helper.js';

describeStoreConformance('memory', async () => createMemoryStore());
