import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeNames } from './names.js';
import { checkRegistrable, register } from './register.js';

/** The registration step of `cbec adapter new` on a stand-in adapters/systems.ts (cli/adapter-carrier.test.ts runs it for real). */
const root = mkdtempSync(path.join(tmpdir(), 'cbec-register-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const systems = path.join(root, 'adapters', 'systems.ts');
const names = (name: string) => makeNames(name, 'carrier', path.join(root, 'adapters', name), root);

describe('registering a generated system', () => {
  it('refuses an id or export name already registered, and appends the line keeping the file as it was', () => {
    mkdirSync(path.dirname(systems), { recursive: true });
    const text = "/** header */\nexport { definition as singleWindow } from './single-window/definition.js';\nexport { definition as fooBar } from './elsewhere/definition.js';";
    writeFileSync(systems, text);
    expect(() => checkRegistrable(root, names('rail'))).toThrow(/system id rail is already registered/); // in the real registry
    expect(() => checkRegistrable(root, names('single-window'))).toThrow(/already registered/);
    expect(() => checkRegistrable(root, names('foo-bar'))).toThrow(/already exports fooBar/);
    expect(() => checkRegistrable(root, names('pamir-road'))).not.toThrow();
    register(root, names('pamir-road'));
    expect(readFileSync(systems, 'utf8')).toBe(`${text}\nexport { definition as pamirRoad } from './pamir-road/definition.js';\n`);
  });
});
