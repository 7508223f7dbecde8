import { afterEach } from 'vitest';

/**
 * Opens recorders with `create` for the tests of the calling `describe`, and closes every
 * one of them after each test. Call it inside a `describe`.
 */
export function openedRecorders<R extends { close(): Promise<void> }>(
  create: () => Promise<R>,
): () => Promise<R> {
  let open: R[] = [];
  afterEach(async () => {
    await Promise.all(open.map((recorder) => recorder.close()));
    open = [];
  });
  return async () => {
    const recorder = await create();
    open.push(recorder);
    return recorder;
  };
}
