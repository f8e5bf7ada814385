import { DeadlineError, startDeadline } from '../../lib/runtime/deadline';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms).unref());

describe('startDeadline: fires once at `at`, and never after clear()', () => {
  test('work that settles within the microtasks is returned as is', async () => {
    const d = startDeadline(20);
    const work = (async () => {
      await null;
      await null;
      return 'decided';
    })();
    await expect(d.race(work)).resolves.toBe('decided');
    d.clear();
  });

  test('work still pending after the microtasks is cut off at the deadline with DeadlineError', async () => {
    const d = startDeadline(30);
    const err = await d.race(later(2_000, 'too late')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBe(err);
    d.clear();
  });

  test('a signal read late aborts at the original deadline, not one budget after the read', async () => {
    const d = startDeadline(40);
    await later(30, null);
    const signal = d.signal;
    expect(signal.aborted).toBe(false);
    await later(25, null);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DeadlineError);
  });

  test('a signal read after the deadline has passed is aborted at once (next timer tick)', async () => {
    const d = startDeadline(5);
    await later(20, null);
    const signal = d.signal;
    await later(1, null);
    expect(signal.aborted).toBe(true);
  });

  test('after clear(), nothing fires: the signal never aborts and races return the work', async () => {
    const d = startDeadline(10);
    d.clear();
    const signal = d.signal;
    await expect(d.race(later(30, 'kept'))).resolves.toBe('kept');
    expect(signal.aborted).toBe(false);
  });

  test('a rejection of the work passes through unchanged', async () => {
    const d = startDeadline(1_000);
    const boom = new Error('boom');
    await expect(d.race(Promise.reject(boom))).rejects.toBe(boom);
    await expect(d.race(later(5, null).then(() => Promise.reject(boom)))).rejects.toBe(boom);
    d.clear();
  });
});
