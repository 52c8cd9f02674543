// A full garbage collection on demand, for the one place that needs it: after a large plan file has been read
// and checked, its text and raw objects are garbage in the old generation, which V8 would otherwise keep until
// the heap grows further (a 100,000-task file: about 200 MB held through the whole load).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collects garbage now (node's `gc()`, exposed on first use when the process was not started with it). */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gc = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}
