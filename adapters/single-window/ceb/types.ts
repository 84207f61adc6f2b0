/**
 * Types of the China Customs CEB messages (namespace http://www.chinaport.gov.cn/ceb),
 * modelled on the 202205 XSDs (see docs/reference/ceb-messages.md).
 * Wire conventions: every value is text; N19,5 decimals stay exact decimal strings
 * (`Decimal`); only xs:int fields are numbers.
 */
import type {
  Ceb303Order, Ceb403Receipts, Ceb505Logistics, Ceb507Arrival, Ceb509Departure, Ceb605InvtCancel,
  Ceb701SummaryApply,
} from './request-types.js';
import type { Ceb603Inventory } from './inventory-types.js';
import type {
  Ceb311Order, Ceb411Payment, Ceb511Logistics, Ceb513LogisticsStatus, Ceb621Inventory, Ceb623InvtCancel,
  Ceb625InvtRefund,
} from './import-types.js';
import type {
  Ceb304OrderReturn, Ceb404ReceiptsReturn, Ceb506LogisticsReturn, Ceb508ArrivalReturn,
  Ceb510DepartureReturn, Ceb604InventoryReturn, Ceb606InvtCancelReturn, Ceb900MessageReturn,
  Ceb702SummaryReturn, Ceb312OrderReturn, Ceb412PaymentReturn, Ceb512LogisticsReturn,
  Ceb514LogisticsStatusReturn, Ceb622InventoryReturn, Ceb624InvtCancelReturn, Ceb626InvtRefundReturn,
} from './receipt-types.js';
import type { Ceb792SummaryResult, Ceb816Tax, Ceb818Tax } from './issued-types.js';

export type * from './request-types.js';
export type * from './inventory-types.js';
export type * from './import-types.js';
export type * from './receipt-types.js';
export type * from './issued-types.js';

export const CEB_NAMESPACE = 'http://www.chinaport.gov.cn/ceb';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/** N19,5: at most 19 digits, at most 5 after the point, as exact decimal text (e.g. "13.89"). */
export type Decimal = string;
/** 1 new (新增) / 2 change (变更) / 3 delete (删除). */
export type AppType = '1' | '2' | '3';
/** 1 draft (暂存) / 2 declare (申报). */
export type AppStatus = '1' | '2';
export type IeFlag = 'I' | 'E';
/** A simplified declaration (简化申报) / B summary declaration (汇总申报). */
export type StatisticsFlag = 'A' | 'B';
/** fFlag/iFlag: 1 rate (率) / 2 unit price (单价) / 3 total (总价). */
export type FlagType = '1' | '2' | '3';

/** BaseTransfer (基础报文传输实体), mandatory in every request; must match the transmitting client. */
export interface BaseTransfer {
  copCode: string; // C..18
  copName: string; // C..100
  dxpMode: string; // C3, "DXP"
  dxpId: string; // C..30
  note?: string; // C..1000
}

/** BaseSubscribe (基础回执订阅实体), optional, at most 5. status: ALL / DATA / RET. */
export interface BaseSubscribe {
  status: string; // C..100
  dxpMode: string; // C3
  dxpAddress: string; // C..100
  note?: string;
}

/** Requests handled by this module (export, summary, import): root element name → business entity type. */
export interface CebRequestEntityMap {
  CEB303Message: Ceb303Order;
  CEB403Message: Ceb403Receipts;
  CEB505Message: Ceb505Logistics;
  CEB507Message: Ceb507Arrival;
  CEB509Message: Ceb509Departure;
  CEB603Message: Ceb603Inventory;
  CEB605Message: Ceb605InvtCancel;
  CEB701Message: Ceb701SummaryApply;
  CEB311Message: Ceb311Order;
  CEB411Message: Ceb411Payment;
  CEB511Message: Ceb511Logistics;
  CEB513Message: Ceb513LogisticsStatus;
  CEB621Message: Ceb621Inventory;
  CEB623Message: Ceb623InvtCancel;
  CEB625Message: Ceb625InvtRefund;
}
export type CebRequestType = keyof CebRequestEntityMap;

/** Receipts this module can build: root element name → `…Return` entity type. */
export interface CebReceiptEntityMap {
  CEB304Message: Ceb304OrderReturn;
  CEB404Message: Ceb404ReceiptsReturn;
  CEB506Message: Ceb506LogisticsReturn;
  CEB508Message: Ceb508ArrivalReturn;
  CEB510Message: Ceb510DepartureReturn;
  CEB604Message: Ceb604InventoryReturn;
  CEB606Message: Ceb606InvtCancelReturn;
  CEB702Message: Ceb702SummaryReturn;
  CEB312Message: Ceb312OrderReturn;
  CEB412Message: Ceb412PaymentReturn;
  CEB512Message: Ceb512LogisticsReturn;
  CEB514Message: Ceb514LogisticsStatusReturn;
  CEB622Message: Ceb622InventoryReturn;
  CEB624Message: Ceb624InvtCancelReturn;
  CEB626Message: Ceb626InvtRefundReturn;
  CEB900Message: Ceb900MessageReturn;
}
export type CebReceiptType = keyof CebReceiptEntityMap;

/** Customs-issued messages that are not `…Return` receipts: root element name → entity type. */
export interface CebIssuedEntityMap {
  CEB816Message: Ceb816Tax;
  CEB818Message: Ceb818Tax;
  CEB792Message: Ceb792SummaryResult;
}
export type CebIssuedType = keyof CebIssuedEntityMap;

/**
 * A parsed request. Not validated: mandatory fields may be missing and int fields
 * may be NaN when the input was bad — run `validateRequest` before trusting it.
 */
export interface CebRequest<T extends CebRequestType = CebRequestType> {
  messageType: T;
  guid: string; // root @guid
  version: string; // root @version
  entities: CebRequestEntityMap[T][];
  baseTransfer: BaseTransfer;
  baseSubscribe: BaseSubscribe[];
  /** A ds:Signature element (xmldsig namespace) is present under the root. */
  hasSignature: boolean;
  /** Paths of CEB elements not defined by the XSD for this message, or repeated single elements. */
  unexpected: string[];
}
/** Discriminated union over `messageType`. */
export type AnyCebRequest = { [K in CebRequestType]: CebRequest<K> }[CebRequestType];

/** A parsed customs-issued message (CEB816/818/792). Not validated, like CebRequest. */
export interface CebIssued<T extends CebIssuedType = CebIssuedType> {
  messageType: T;
  guid: string;
  version: string;
  entities: CebIssuedEntityMap[T][];
  /** Paths of elements the XSD does not define here (kept out of `entities`; see the flat readers' `extra`). */
  unexpected: string[];
}
export type AnyCebIssued = { [K in CebIssuedType]: CebIssued<K> }[CebIssuedType];

/**
 * A receipt entity normalised for the platform: every child element of a `…Return` entity
 * as a string keyed by its local name (works for any receipt type, import ones included).
 */
export interface CebReceipt {
  messageType:
    | 'CEB304Message' | 'CEB404Message' | 'CEB506Message' | 'CEB508Message' | 'CEB510Message'
    | 'CEB604Message' | 'CEB606Message' | 'CEB608Message' | 'CEB312Message' | 'CEB412Message'
    | 'CEB512Message' | 'CEB514Message' | 'CEB622Message' | 'CEB624Message' | 'CEB626Message'
    | 'CEB702Message' | 'CEB712Message' | 'CEB900Message' | (string & {});
  /** guid attribute of the receipt root (a new e-port id, not the request's). */
  messageGuid?: string;
  /** Entity guid (the record id echoed from the request). */
  guid: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
  orderNo?: string;
  ebpCode?: string;
  ebcCode?: string;
  logisticsCode?: string;
  logisticsNo?: string;
  copNo?: string;
  preNo?: string;
  invtNo?: string;
  agentCode?: string;
  payNo?: string;
  statisticsFlag?: string;
  customsCode?: string;
  operatorCode?: string;
  billNo?: string;
  msgSeqNo?: string;
  payCode?: string;
  payTransactionId?: string;
  logisticsStatus?: string;
  rkdNo?: string;
  sumNo?: string;
  /** Spelled coElNo in the 202205 XSD (CEB214/216), presumably a typo of copNo. */
  coElNo?: string;
  oriCopMsgId?: string;
  oriMessageType?: string;
  oriBizMessage?: string;
  /** Any other echoed element. */
  [key: string]: string | undefined;
}

/** One validation finding. `path` like `Order[0].OrderList[1].qty` or `BaseTransfer.copCode`. */
export interface CebProblem {
  path: string;
  code: CebProblemCode;
  message: string;
}
export type CebProblemCode =
  | 'required' | 'length' | 'decimal' | 'int' | 'enum' | 'format' | 'gnum' | 'totalPrice'
  | 'count' | 'unexpected' | 'type';
