/** Tests of coalescer.ts: bursts of restart requests become one restart; restarts never overlap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Coalescer, type Timers } from '../../src/coalescer';

/** Timers driven by the test: `advance(ms)` fires what is due. */
class ManualTimers implements Timers {
  now = 0;
  private pending = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [id, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.callback();
      }
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('requests within the delay make one run with every reason', async () => {
  const timers = new ManualTimers();
  const runs: string[][] = [];
  const coalescer = new Coalescer(async (reasons) => void runs.push(reasons), 400, timers);
  const done = [coalescer.request('a'), coalescer.request('b')];
  await timers.advance(300);
  done.push(coalescer.request('c'));
  await timers.advance(300);
  assert.deepEqual(runs, []); // the third request pushed the deadline
  await timers.advance(200);
  await Promise.all(done);
  assert.deepEqual(runs, [['a', 'b', 'c']]);
});

test('a request during a run makes exactly one more run after it', async () => {
  const timers = new ManualTimers();
  const gates = [deferred(), deferred()];
  let active = 0;
  let maxActive = 0;
  const runs: string[][] = [];
  const coalescer = new Coalescer(async (reasons) => {
    active++;
    maxActive = Math.max(maxActive, active);
    runs.push(reasons);
    await gates[runs.length - 1]!.promise;
    active--;
  }, 100, timers);
  const first = coalescer.request('start', true);
  await timers.advance(0);
  assert.equal(coalescer.isRunning, true);
  const second = coalescer.request('x');
  const third = coalescer.request('y', true);
  await timers.advance(1000);
  assert.equal(runs.length, 1); // nothing starts while a run is in progress
  gates[0]!.resolve();
  await first;
  await timers.advance(100);
  gates[1]!.resolve();
  await Promise.all([second, third]);
  assert.deepEqual(runs, [['start'], ['x', 'y']]);
  assert.equal(maxActive, 1);
});

test('immediate requests skip the delay', async () => {
  const timers = new ManualTimers();
  let ran = 0;
  const coalescer = new Coalescer(async () => void ran++, 1000, timers);
  const done = coalescer.request('user', true);
  await timers.advance(0);
  await done;
  assert.equal(ran, 1);
});

test('a failing run rejects its waiters and later requests still run', async () => {
  const timers = new ManualTimers();
  let calls = 0;
  const coalescer = new Coalescer(async () => {
    calls++;
    if (calls === 1) throw new Error('boom');
  }, 10, timers);
  const failed = coalescer.request('a');
  await timers.advance(10);
  await assert.rejects(failed, /boom/);
  const ok = coalescer.request('b');
  await timers.advance(10);
  await ok;
  assert.equal(calls, 2);
});

test('dispose cancels what is scheduled and releases waiters', async () => {
  const timers = new ManualTimers();
  let ran = 0;
  const coalescer = new Coalescer(async () => void ran++, 10, timers);
  const waiting = coalescer.request('a');
  coalescer.dispose();
  await waiting;
  await timers.advance(100);
  assert.equal(ran, 0);
  await coalescer.request('after dispose');
  assert.equal(ran, 0);
});
