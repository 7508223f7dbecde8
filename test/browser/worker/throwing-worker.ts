// A module worker for dead-worker.test.ts that fails while it starts.
throw new Error('This worker fails at startup.');
