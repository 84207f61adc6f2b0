/**
 * WORKFLOW_STACK_TRACES (config/config.ts): whether workflow code keeps stack traces.
 *
 * The SDK (@temporalio/worker 1.24, workflow/vm-shared.js) hooks every promise a workflow creates
 * and records where it was created, source-mapped, for the stack trace query (the Web UI's Call
 * Stack tab); there is no option to turn it off. That is about a third of the workflow threads'
 * CPU: a 9610 happy-path replay took 97.8 ms with it and 61.4 ms without (`npm run bench:replay`).
 *
 * `off` sets `Error.stackTraceLimit = 0` in the workflow sandbox: errors keep their message and
 * lose their frames, and the stack trace query answers with empty stacks. The statement runs when
 * the bundle is loaded, before the SDK freezes the sandbox's globals; it changes no command, so a
 * history recorded with either setting replays under the other.
 */
export type StackTraces = 'on' | 'off';

const SOURCE_MAP_COMMENT = '//# sourceMappingURL=';

/** The statement a bundle runs at load under `off`; exported for the test that looks for it. */
export const NO_STACKS = 'Error.stackTraceLimit = 0;';

/**
 * The bundle as the worker loads it under `setting`. The statement goes at the end of the code,
 * before its inline source map (the SDK reads the map up to the end of the code), so no line the
 * source map points at moves.
 */
export function withStackTraces<B extends { code: string }>(bundle: B, setting: StackTraces): B {
  if (setting === 'on') return bundle;
  const at = bundle.code.lastIndexOf(SOURCE_MAP_COMMENT);
  const [before, after] = at < 0 ? [bundle.code, ''] : [bundle.code.slice(0, at), bundle.code.slice(at)];
  return { ...bundle, code: `${before}${before.endsWith('\n') ? '' : '\n'}${NO_STACKS}\n${after}` };
}
