/** One shared timer races every request against its own deadline. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadlineRace } from '../../src/runtime/deadline.js';

const never = <T>() => new Promise<T>(() => {});
const timers = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;

afterEach(() => {
  vi.useRealTimers();
});

describe('createDeadlineRace', () => {
  it('settles with the work when it finishes first, and with expired() when the deadline passes first', async () => {
    vi.useFakeTimers();
    const race = createDeadlineRace();
    const now = Date.now();
    const fast = race(Promise.resolve('done'), now + 1000, () => 'late');
    const slow = race(never<string>(), now + 500, () => 'late');
    const slower = race(never<string>(), now + 2000, () => 'later');
    expect(await fast).toBe('done');
    await vi.advanceTimersByTimeAsync(600);
    expect(await slow).toBe('late');
    let settled = false;
    void slower.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(false); // woke at 500 ms for `slow`, re-armed for 2000 ms
    await vi.advanceTimersByTimeAsync(500);
    expect(await slower).toBe('later');
  });

  it('an earlier deadline arriving later re-arms the timer earlier', async () => {
    vi.useFakeTimers();
    const race = createDeadlineRace();
    const now = Date.now();
    const long = race(never<string>(), now + 10_000, () => 'long');
    const short = race(never<string>(), now + 100, () => 'short');
    await vi.advanceTimersByTimeAsync(150);
    expect(await short).toBe('short');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await long).toBe('long');
  });

  it('passes rejections through', async () => {
    const race = createDeadlineRace();
    await expect(race(Promise.reject(new Error('boom')), Date.now() + 60_000, () => 'late')).rejects.toThrow('boom');
  });

  it('keeps the process alive only while a request is in flight', async () => {
    const race = createDeadlineRace();
    const before = timers();
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const raced = race(work, Date.now() + 60_000, () => 'late');
    expect(timers()).toBe(before + 1);
    finish('done');
    expect(await raced).toBe('done');
    expect(timers()).toBe(before); // still armed, but unref'd: a local script can exit
    await race(Promise.resolve('again'), Date.now() + 60_000, () => 'late');
    expect(timers()).toBe(before);
  });
});
