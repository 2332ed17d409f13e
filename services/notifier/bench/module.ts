import { benchServiceModule } from '@aftercare/http/testing';
import { createNotifierService } from '../src/index.js';

// What the notifier adds to a process's start-up (the cold start target is under 3 s for everything).
const { buildMs, openApiMs } = await benchServiceModule(createNotifierService);
console.log(
  `notifier: module built and mounted in ${buildMs.toFixed(1)} ms, /openapi.json in ${openApiMs.toFixed(1)} ms (medians of 20)`,
);
