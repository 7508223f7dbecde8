import {
  InMemoryAggregateRecorder,
  InMemoryApplicationRecorder,
  InMemoryProcessRecorder,
} from '../src/recorders/in-memory.js';
import { aggregateRecorderContract } from './contract/aggregate-recorder.contract.js';
import { applicationRecorderContract } from './contract/application-recorder.contract.js';
import {
  contractStores,
  eventStoreRecorderContract,
} from './contract/event-store-recorder.contract.js';
import { processRecorderContract } from './contract/process-recorder.contract.js';

aggregateRecorderContract('InMemoryAggregateRecorder', () =>
  Promise.resolve(new InMemoryAggregateRecorder()),
);
aggregateRecorderContract('InMemoryProcessRecorder', () =>
  Promise.resolve(new InMemoryProcessRecorder()),
);
applicationRecorderContract('InMemoryApplicationRecorder', () =>
  Promise.resolve(new InMemoryApplicationRecorder()),
);
processRecorderContract('InMemoryProcessRecorder', () =>
  Promise.resolve(new InMemoryProcessRecorder()),
);
eventStoreRecorderContract('InMemoryProcessRecorder', () =>
  Promise.resolve(new InMemoryProcessRecorder({ stores: contractStores })),
);
