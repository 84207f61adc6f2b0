// Types of node-runtime.mjs (plain JavaScript: the postinstall and the launcher run before tsx exists).
export const NODE_VERSION: string;
export const NODE_MAJOR: number;
export const NODE_PREFIX: string;
export function nodePackage(platform?: string, arch?: string): string;
export function runningMajor(version?: string): number;
export function projectNodeBin(): string | undefined;
export function pathWithProjectNode(env?: NodeJS.ProcessEnv): string | undefined;
