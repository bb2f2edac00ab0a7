import { describeStoreConformance } from '../store-conformance.test-helper.js';
import { createMemoryStore } from './memory-store.js';

describeStoreConformance('memory', async () => createMemoryStore());
