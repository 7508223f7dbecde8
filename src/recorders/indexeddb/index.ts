/** The IndexedDB recorders, one per interface of the persistence contract. */
export { IndexedDBAggregateRecorder } from './indexeddb-recorder.js';
export { IndexedDBApplicationRecorder } from './indexeddb-application-recorder.js';
export { IndexedDBProcessRecorder } from './indexeddb-process-recorder.js';
