import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, OPENAPI_PATH, renderClientTypes, renderOpenApi } from '../scripts/lib/openapi.js';
import { repoRoot } from '../scripts/lib/tools.js';

describe('the committed OpenAPI document and typed client', () => {
  it('match what the API serves (run npm run openapi:generate when this fails)', async () => {
    const spec = await renderOpenApi();
    expect(readFileSync(`${repoRoot()}${OPENAPI_PATH}`, 'utf8')).toBe(`${JSON.stringify(spec, null, 2)}\n`);
    expect(readFileSync(`${repoRoot()}${CLIENT_TYPES_PATH}`, 'utf8')).toBe(await renderClientTypes(spec));
  });
});
