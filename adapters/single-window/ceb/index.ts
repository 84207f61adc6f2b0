/** CEB XML messages (China Customs cross-border e-commerce, 202205 XSDs): types, build, parse, validate. */
export * from './types.js';
export { formatDecimal, decimalDigits, isDecimalText } from './decimal.js';
export type { DecimalDigits } from './decimal.js';
export {
  CHINA_UTC_OFFSET_MINUTES, formatAppTime, formatCebDate, formatReturnTime, parseCebTime, newCebGuid, isCebGuid,
  makePreNo, parsePreNo, isPreNo, makeInvtNo, parseInvtNo, isInvtNo,
} from './ids.js';
export type { PreNoParts, InvtNoParts } from './ids.js';
export {
  RECEIPT_STATUS, CHENGDU_PLATFORM_STATUS, isRejection, isProcessingError, isTerminal, describeStatus,
} from './codes.js';
export type { ReceiptStatusCode, ChengduPlatformStatusCode } from './codes.js';
export {
  buildRequest, buildReceipt, buildIssued, buildReceiptFromCebReceipts, escapeXml, CebBuildError,
  buildCeb303, buildCeb403, buildCeb505, buildCeb507, buildCeb509, buildCeb603, buildCeb605, buildCeb701,
  buildCeb311, buildCeb411, buildCeb511, buildCeb513, buildCeb621, buildCeb623, buildCeb625,
  buildCeb304, buildCeb404, buildCeb506, buildCeb508, buildCeb510, buildCeb604, buildCeb606, buildCeb702, buildCeb900,
  buildCeb312, buildCeb412, buildCeb512, buildCeb514, buildCeb622, buildCeb624, buildCeb626,
  buildCeb816, buildCeb818, buildCeb792,
} from './build.js';
export type { BuildOptions, ReceiptBuildOptions } from './build.js';
export { detectMessageType, parseReceipts, parseRequest, parseMessage } from './parse.js';
export { parseIssued, parseTaxBills, parseTaxBillStatuses, parseSummaryResults } from './parse-issued.js';
export type { CebMessage, CebRecord, CebValue } from './parse.js';
export { CebParseError, decodeXml } from './xml.js';
export { validateRequest, validateReceipt, validateIssued, CebValidationError } from './validate.js';
export type { RequestLike } from './validate.js';
export { REQUEST_SPECS, RECEIPT_SPECS, ISSUED_SPECS, isRequestType, isReceiptType, isIssuedType } from './schema.js';
export type { FieldSpec, EntitySpec, LeafSpec, ListSpec, MessageSpec } from './schema.js';
