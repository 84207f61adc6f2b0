/**
 * One statement for many callers: items that arrive while the previous statement is in flight
 * are written together by the next (at most `max` at once). Each caller still awaits its own
 * item's write, so nothing is answered before it is stored; an idle process writes each item
 * alone, as before, and a busy one makes fewer round trips (each costs both processes CPU).
 */
export function coalesced<T, R>(flush: (items: T[]) => Promise<R[]>, max = 200): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  let busy = false;
  const run = async () => {
    busy = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, max);
      queue = queue.slice(batch.length);
      try {
        const results = await flush(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!busy) void run();
    });
}
