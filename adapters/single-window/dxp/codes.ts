/**
 * DXP error codes (4-digit), docs/reference/ceb-messages.md §3.3: 0xxx format, 1xxx security,
 * 2xxx business logic (routing), 3xxx system; 4000–9999 are user-extensible.
 */
export const DXP_ERRORS = {
  '0001': '报文格式错误',
  '0002': '数据包不能通过schema验证',
  '0999': '其他格式错误',
  '1001': '数字签名无效',
  '1002': '数字签名过期',
  '1003': '报文解密错误',
  '1004': '签名与数据不符',
  '1999': '其他安全错误',
  '2001': '指定的接收方不存在',
  '2002': '地址不匹配（实际接收方与"接收方"定义不同）',
  '2999': '其他业务逻辑错误',
  '3001': '数据库、中间件等系统错误',
  '3002': '远程连接错误',
  '3003': '远程连接超时',
  '3999': '其他系统级错误',
} as const;

export type DxpErrorCode = keyof typeof DXP_ERRORS;

/** The class of a DXP error code: what a sender can do about it. */
export type DxpErrorClass = 'format' | 'security' | 'routing' | 'system' | 'user';

export function dxpErrorClass(code: string): DxpErrorClass | undefined {
  if (!/^\d{4}$/.test(code)) return undefined;
  const n = Number(code);
  if (n >= 1 && n <= 999) return 'format';
  if (n >= 1000 && n <= 1999) return 'security';
  if (n >= 2000 && n <= 2999) return 'routing';
  if (n >= 3000 && n <= 3999) return 'system';
  return n >= 4000 ? 'user' : undefined;
}

/** Only system errors (3xxx: database, middleware, remote connection) may pass on a later try. */
export function isRetryableDxpError(code: string): boolean {
  return dxpErrorClass(code) === 'system';
}

/** The reference's text of a code, else undefined (user-extensible and unknown codes). */
export function describeDxpError(code: string): string | undefined {
  return (DXP_ERRORS as Record<string, string>)[code];
}

/** A DXP-level refusal (envelope, routing, transport), with its code. */
export class DxpError extends Error {
  constructor(
    readonly dxpCode: DxpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DxpError';
  }
}
