import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordProblem, SCRYPT, verifyPassword } from './people-passwords.js';

describe('people passwords (scrypt)', () => {
  it('stores the parameters and a per-hash salt; verifies the password and nothing else', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT.N}\\$${SCRYPT.r}\\$${SCRYPT.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies a hash made with weaker parameters and asks for a re-hash', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('an older password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a newer password'))).toBe(false);
  });

  it('answers false, after the same work, without a stored hash or with a damaged one', async () => {
    expect(await verifyPassword('anything at all', null)).toBe(false);
    expect(await verifyPassword('anything at all', 'scrypt$1$1$1$x$y')).toBe(false);
  });

  it('the policy: at least 12 characters, at most 256, not the email or its local part', () => {
    expect(passwordProblem('short', 'li@x.example')).toMatch(/at least 12/);
    expect(passwordProblem('密码密码密码密码密码密码', 'li@x.example')).toBeUndefined(); // counted in characters
    expect(passwordProblem('x'.repeat(257), 'li@x.example')).toMatch(/at most 256/);
    expect(passwordProblem('Li.Wei.Long@X.example', 'li.wei.long@x.example')).toMatch(/email/);
    expect(passwordProblem('li.wei.longer', 'li.wei.longer@x.example')).toMatch(/email/);
    expect(passwordProblem('a long enough passphrase', 'li@x.example')).toBeUndefined();
  });

  it('many hashes at once all complete (the process runs at most two at a time)', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, (_, i) => hashPassword(`parallel password ${i}`)));
    expect(new Set(all).size).toBe(5);
    expect(await verifyPassword('parallel password 3', all[3])).toBe(true);
  });
});
