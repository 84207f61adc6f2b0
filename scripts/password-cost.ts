import { performance } from 'node:perf_hooks';
import { hashPassword, SCRYPT, verifyPassword } from '../api/people-passwords.js';

/**
 * `node scripts/node.mjs tsx scripts/password-cost.ts [n]`: what one password hash costs on this
 * machine with today's scrypt parameters (api/people-passwords.ts): time per hash and per
 * verification (sequential), and hashes a second with the libuv pool busy (4 threads by default).
 */
const n = Number(process.argv[2] ?? 20);
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const hashes: number[] = [];
let stored = '';
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  stored = await hashPassword(`password number ${i}`);
  hashes.push(ms(t0));
}
const verifies: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  await verifyPassword(`password number ${n - 1}`, stored);
  verifies.push(ms(t0));
}
const t0 = performance.now();
await Promise.all(Array.from({ length: n }, (_, i) => hashPassword(`parallel ${i}`)));
const parallelS = ms(t0) / 1000;
console.log(`scrypt N=${SCRYPT.N} r=${SCRYPT.r} p=${SCRYPT.p}: ${(128 * SCRYPT.N * SCRYPT.r) / 2 ** 20} MiB per hash`);
console.log(`hash: median ${median(hashes).toFixed(1)} ms, max ${Math.max(...hashes).toFixed(1)} ms (${n} sequential)`);
console.log(`verify: median ${median(verifies).toFixed(1)} ms (${n} sequential)`);
console.log(`throughput: ${(n / parallelS).toFixed(1)} hashes/s with ${n} at once (UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4})`);
