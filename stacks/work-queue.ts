/**
 * Sharing a list of work between threads: a counter in shared memory from which each
 * thread claims the next chunk when it is free, so a thread that started late or got
 * slower items does less, and no thread waits for another's fixed share.
 */

/** What a thread needs to claim from the same queue (it crosses `postMessage` as it is). */
export interface WorkQueueHandle {
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
  readonly chunk: number;
}

export class WorkQueue {
  /** A queue of `length` items handed out `chunk` at a time. */
  static create(length: number, chunk: number): WorkQueue {
    if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`internal error: work queue chunk ${chunk}; allowed: a whole number of 1 or more`);
    return new WorkQueue({ buffer: new SharedArrayBuffer(4), length, chunk });
  }

  private readonly next: Int32Array;

  constructor(readonly handle: WorkQueueHandle) {
    this.next = new Int32Array(handle.buffer);
  }

  /** The next chunk's items [start, end), or undefined once every item was claimed. */
  claim(): readonly [number, number] | undefined {
    const { length, chunk } = this.handle;
    // Once past the end, the counter stays past it (each claim adds one chunk at most once per thread).
    const start = Atomics.add(this.next, 0, chunk);
    return start < length ? [start, Math.min(length, start + chunk)] : undefined;
  }
}
