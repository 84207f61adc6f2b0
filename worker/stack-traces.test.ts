import { describe, expect, it } from 'vitest';
import { NO_STACKS, withStackTraces } from './stack-traces.js';

const MAP = '//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==';

describe('withStackTraces', () => {
  it('leaves the bundle as it is when on', () => {
    const bundle = { code: `var a = 1;\n${MAP}`, sourceMap: '{}' };
    expect(withStackTraces(bundle, 'on')).toBe(bundle);
  });

  it('when off, runs the statement after the code and before its inline source map, moving no mapped line', () => {
    const code = `var a = 1;\nvar b = 2;\n${MAP}`;
    const off = withStackTraces({ code, sourceMap: '{}' }, 'off');
    expect(off.code).toBe(`var a = 1;\nvar b = 2;\n${NO_STACKS}\n${MAP}`);
    expect(off.sourceMap).toBe('{}');
  });

  it('when off, starts a line of its own after code that does not end one, and appends to a bundle without a map', () => {
    expect(withStackTraces({ code: `var a = 1;${MAP}` }, 'off').code).toBe(`var a = 1;\n${NO_STACKS}\n${MAP}`);
    expect(withStackTraces({ code: 'var a = 1;' }, 'off').code).toBe(`var a = 1;\n${NO_STACKS}\n`);
  });
});
