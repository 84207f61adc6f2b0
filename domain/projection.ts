/**
 * The argument field in which a shipment workflow hands waiting projection writes to an activity
 * (workflows/shipment/options.ts); the worker applies and removes it before the activity runs
 * (worker/projection-interceptor.ts).
 */
export const PROJECTION_ARG = '_projection';

/** One change of a shipment, as the workflow reports it (see workflows/shipment/run.ts). */
export interface ProjectionUpdate {
  shipmentId: string;
  /** The workflow's own sequence number: writes with a lower one never overwrite newer state. */
  seq: number;
  at: string;
  stage: string;
  status: string;
  type: string;
  info: string;
  fields: {
    invtNo?: string | undefined;
    preNo?: string | undefined;
    /** 报关单号 of an H2018-route 9710/9810 (list-route ones get it from the summary, db/summaries.ts). */
    entryId?: string | undefined;
    bookingNo?: string | undefined;
    taxRecordNo?: string | undefined;
    settlementId?: string | undefined;
    cnyAmount?: string | undefined;
    fxRate?: string | undefined;
  };
  terminal: boolean;
  /**
   * When the current status passes its service level (ISO time), null when it has none; sent by
   * lean histories only (workflows/shipment/run.ts), whose SLA is watched by api/sla-watch.ts.
   */
  slaDueAt?: string | null;
}
