/**
 * The Web Worker that trains panel 4's network, so that the page never waits
 * on it: it receives the settings, posts the points once, then a report every
 * few epochs (their arrays transferred, not copied). Stopping is the page's
 * `worker.terminate()`.
 */
import { messageOf } from './format.js';
import { trainLive, type Points, type Progress, type TrainSettings } from './training.js';

/** What the worker posts. */
export type WorkerMessage =
  | { readonly type: 'points'; readonly points: Points }
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'error'; readonly message: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TrainSettings>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
};

scope.onmessage = (event) => {
  try {
    trainLive(
      event.data,
      (points) => scope.postMessage({ type: 'points', points }),
      (progress) => scope.postMessage({ type: 'progress', progress }, [progress.grid.buffer, progress.params.buffer, progress.gradient.buffer]),
    );
  } catch (e) {
    scope.postMessage({ type: 'error', message: messageOf(e) });
  }
};
