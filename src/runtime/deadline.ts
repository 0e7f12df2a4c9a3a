/**
 * deadline
 *
 * Races requests against their deadlines with one timer per handler instead of one per request: a
 * `setTimeout` whose delay differs every time (each request has its own remaining time) costs Node a new
 * timer list and a libuv timer restart, which measured more than the rest of a cached `{ hello }` request.
 * The shared timer is re-armed only when it would wake too late; waking early just re-arms it. It keeps
 * the process alive only while a request is in flight, so local scripts exit as soon as they are done.
 */

/**
 * `race(work, at, expired)` settles like `work`, or with `expired()` if the clock passes `at` (epoch ms)
 * first. The work itself goes on: it cannot be cancelled.
 *
 * @example
 * const race = createDeadlineRace();
 * await race(slowWork, Date.now() + 1000, () => 'too late');
 */
export function createDeadlineRace(): <T>(work: Promise<T>, at: number, expired: () => T) => Promise<T> {
  const pending = new Set<{ at: number; expire: () => void }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;

  const arm = (at: number) => {
    if (timer) {
      if (timerAt <= at) return; // it wakes first and re-arms for this one
      clearTimeout(timer);
    }
    timerAt = at;
    timer = setTimeout(wake, Math.max(0, at - Date.now()));
  };
  const wake = () => {
    timer = undefined;
    timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const entry of pending) {
      if (entry.at <= now) {
        pending.delete(entry);
        entry.expire();
      } else next = Math.min(next, entry.at);
    }
    if (next < Infinity) arm(next);
  };

  return (work, at, expired) =>
    new Promise((resolve, reject) => {
      const entry = { at, expire: () => resolve(expired()) };
      pending.add(entry);
      arm(at);
      timer!.ref();
      const settle = () => {
        pending.delete(entry);
        if (!pending.size) timer?.unref();
      };
      work.then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error)),
      );
    });
}
