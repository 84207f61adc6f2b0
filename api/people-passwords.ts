import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * People's passwords: scrypt (memory-hard) from node:crypto with a per-person salt. The stored
 * form carries its parameters, `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url), so they can be
 * raised later: a hash with weaker parameters still verifies and is replaced at the next sign-in
 * (needsRehash). The password itself is never logged, stored or put in the audit trail.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/**
 * At most this many hashes at once per process: each takes a libuv pool thread (4 by default)
 * and 32 MiB, so a flood of sign-ins queues here instead of starving the pool's other work
 * (DNS, files) and the memory. The per-account and per-address rate limits bound the queue.
 */
export const MAX_PARALLEL_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_PARALLEL_HASHES) running++;
  else await new Promise<void>((go) => waiting.push(go)); // the finishing hash hands over its slot
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; allow twice that
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return oneAtATime(() => new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

/** A hash for nobody: unknown emails and people without a password verify against it (same work, same time). */
let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (unknown email, invitation not yet
 * accepted) the same scrypt work is done against a decoy and the answer is false, so the time
 * taken does not tell whether the email exists.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const m = stored ? STORED.exec(stored) : null;
  if (!m) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    const d = STORED.exec(await decoy)!;
    await derive(password, Buffer.from(d[4]!, 'base64url'), SCRYPT, SCRYPT.keyLength);
    return false;
  }
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, expected.length);
  return timingSafeEqual(key, expected);
}

/** Whether a stored hash uses weaker parameters than today's (re-hash it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const m = STORED.exec(stored);
  return !m || Number(m[1]) < SCRYPT.N || Number(m[2]) < SCRYPT.r || Number(m[3]) < SCRYPT.p;
}

/** The password policy: a problem with the password, or undefined when it is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `at most ${PASSWORD_MAX} characters`;
  const lower = password.trim().toLowerCase();
  const mail = email.toLowerCase();
  if (lower === mail || lower === mail.split('@')[0]) return 'must not be the email address';
  return undefined;
}
