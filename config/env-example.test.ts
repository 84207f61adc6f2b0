import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYSTEMS } from '../adapters/catalogue.js';
import { secretVar, urlVar } from '../adapters/kit/system.js';

/** .env.example is what a deployment copies: it names the settings of every registered outside system (adapters/systems.ts). */
describe('.env.example', () => {
  const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

  it("lists every calling system's callback secret and every system's URL", () => {
    for (const s of SYSTEMS) {
      if ('devCallbackSecret' in s) expect(text, s.id).toMatch(new RegExp(`^${secretVar(s.id)}=change-me$`, 'm'));
      expect(text, s.id).toMatch(new RegExp(`^# ${urlVar(s.id)}=http://simulators:${s.port}$`, 'm'));
    }
  });
});
