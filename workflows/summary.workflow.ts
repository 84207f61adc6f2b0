import {
  condition,
  log,
  ParentClosePolicy,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { copNo as makeCopNo, DocType, isRejection, receiptRank, REQUEST_MESSAGE, ReceiptStatus } from '../domain/customs.js';
import { effectKey } from '../domain/idempotency.js';
import { previousPeriod, summaryDeadline, SummaryStatus } from '../domain/summary.js';
import { chinaDate, scaled } from '../domain/time.js';
import { SearchAttr } from './contract.js';
import { activitiesFor } from './shipment/options.js';
import {
  getSummaryState,
  summaryReceiptReceived,
  summaryResultReceived,
  summaryWorkflowId,
  type EnterpriseSummaryInput,
  type EnterpriseSummaryState,
  type MonthlySummaryInput,
  type MonthlySummaryResult,
  type SummaryReceipt,
  type SummaryResultEvent,
  type SummarySettings,
} from './summary-contract.js';

/**
 * The 9610 monthly summary declaration (汇总申报, docs/reference/domain-rules.md §1.3 step 8), started by the
 * `monthly-summary` Schedule on the 1st of each month (worker/summary-schedule.ts) or by ops for a
 * given month (POST /v1/ops/summaries). It finds the enterprises with released statisticsFlag-B
 * 9610 lists in the period not summarised yet and starts one `enterpriseSummaryWorkflow` each
 * (id `summary:<enterpriseId>:<period>`: a re-run never starts a second one while one runs, and a
 * finished one that declared the month is not started again). The children outlive this run
 * (ABANDON): they wait for customs until the deadline and beyond, while the schedule's next
 * month must not be skipped as an overlap.
 */
export async function monthlySummaryWorkflow(input: MonthlySummaryInput): Promise<MonthlySummaryResult> {
  // a scheduled run (no period) declares the month before the one it runs in, China time
  const period = input.period ?? previousPeriod(Date.now());
  const settings: SummarySettings = { timeScale: input.timeScale, deadlineDay: input.deadlineDay, statisticsFlagDefault: input.statisticsFlagDefault, customsCode: input.customsCode, dxp: input.dxp };
  const acts = activitiesFor(input.timeScale);
  const enterprises = await acts(`Enterprises with lists to summarise in ${period}`).findSummaryEnterprises({ period, statisticsFlagDefault: input.statisticsFlagDefault });
  const result: MonthlySummaryResult = { period, started: [], alreadyRunning: [] };
  for (const enterpriseId of enterprises) {
    const workflowId = summaryWorkflowId(enterpriseId, period);
    try {
      await startChild(enterpriseSummaryWorkflow, {
        workflowId,
        args: [{ ...settings, enterpriseId, period }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [{ key: SearchAttr.EnterpriseId, value: enterpriseId }],
        staticSummary: `9610 monthly summary ${period} of ${enterpriseId}`,
      });
      result.started.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      result.alreadyRunning.push(workflowId);
    }
  }
  if (enterprises.length === 0) log.info('Monthly summary: nothing to declare', { period });
  setCurrentDetails(`**9610 monthly summary ${period}**: ${result.started.length} enterprise(s) started, ${result.alreadyRunning.length} already running`);
  return result;
}

const ORDER: readonly string[] = [SummaryStatus.CREATED, SummaryStatus.SUBMITTED, SummaryStatus.ACCEPTED, SummaryStatus.AWAITING_RESULTS];
const revisionOf = (copNo: string) => Number(/R(\d+)$/.exec(copNo)?.[1] ?? 0);
const nowIso = () => new Date(Date.now()).toISOString();

/**
 * One enterprise's summary application for one period: gather the lists, create (or load) the
 * CustomsSummary row, send the CEB701, then follow the CEB702 receipts and the CEB792 results until
 * the deadline (day `deadlineDay` of the following month, business time scaled by timeScale).
 * Alerts (status on the row, `SummaryStatus` search attribute, a warning in the worker log): a
 * rejection ends the run as SUMMARY_REJECTED (trigger the month again after fixing the cause: the
 * application is made anew under the next copNo revision); a passed deadline marks DEADLINE_MISSED
 * and keeps waiting, since a late result still brings the declaration numbers.
 */
export async function enterpriseSummaryWorkflow(input: EnterpriseSummaryInput): Promise<EnterpriseSummaryState> {
  const { enterpriseId, period } = input;
  const workflowId = workflowInfo().workflowId;
  const acts = activitiesFor(input.timeScale);
  const deadline = summaryDeadline(period, input.deadlineDay);
  const startedAt = Date.now();
  // the deadline as a real-time instant: business time left, shrunk by TIME_SCALE
  const deadlineTimerEnd = deadline > startedAt ? startedAt + scaled(deadline - startedAt, input.timeScale) : startedAt;
  const deadlineText = `${chinaDate(deadline - 1)} (China time, end of day ${input.deadlineDay})`;
  const state: EnterpriseSummaryState = { enterpriseId, period, status: 'GATHERING', invtNos: [], entryIds: [], deadline: new Date(deadline).toISOString() };
  const receipts = new Map<string, SummaryReceipt>();
  const results = new Map<string, SummaryResultEvent>();
  setHandler(getSummaryState, () => state);
  setHandler(summaryReceiptReceived, (r) => {
    if (!receipts.has(r.guid)) receipts.set(r.guid, r);
  });
  setHandler(summaryResultReceived, (r) => {
    const known = results.get(r.declSeqNo);
    if (!known || (!known.entryId && r.entryId)) results.set(r.declSeqNo, r);
  });

  const gathered = await acts(`Gather the released 9610 B lists of ${period}`).gatherSummaryInventories({ enterpriseId, period, statisticsFlagDefault: input.statisticsFlagDefault });
  let row = await acts('Open the summary application').openCustomsSummary({
    copNo: makeCopNo(workflowId, DocType.SUMMARY, 0), enterpriseId, period, workflowId, invtNos: gathered.invtNos, createdAt: nowIso(),
  });
  if (!row) {
    state.status = 'EMPTY';
    setCurrentDetails(`**9610 monthly summary ${period}** of ${enterpriseId}: nothing to declare`);
    log.info('Monthly summary: nothing to declare', { enterpriseId, period });
    return state;
  }
  if (row.status === SummaryStatus.DECLARED || (row.status === SummaryStatus.SUMMARY_REJECTED && gathered.invtNos.length === 0)) {
    Object.assign(state, { status: row.status, copNo: row.copNo, sumNo: row.sumNo ?? undefined, invtNos: row.invtNos, entryIds: row.entryIds, lastInfo: row.lastInfo ?? undefined });
    if (gathered.invtNos.length > 0) log.warn('Monthly summary: already declared; lists released since are not in it', { enterpriseId, period, lists: gathered.invtNos });
    setCurrentDetails(details());
    return state;
  }
  if (row.status === SummaryStatus.SUMMARY_REJECTED) {
    const revision = revisionOf(row.copNo) + 1;
    row = await acts(`Make the rejected application anew (r${revision})`).reviseCustomsSummary({
      fromCopNo: row.copNo, copNo: makeCopNo(workflowId, DocType.SUMMARY, revision), workflowId, invtNos: gathered.invtNos, createdAt: nowIso(),
    });
  }
  const copNo = row.copNo;
  const revision = revisionOf(copNo);
  Object.assign(state, { status: row.status, copNo, invtNos: row.invtNos, sumNo: row.sumNo ?? undefined });
  let shown: string = row.status;
  let missed = row.status === SummaryStatus.DEADLINE_MISSED;
  upsertSearchAttributes([{ key: SearchAttr.EnterpriseId, value: enterpriseId }, { key: SearchAttr.SummaryStatus, value: row.status }]);
  setCurrentDetails(details());

  if (row.status === SummaryStatus.CREATED || row.status === SummaryStatus.SUBMITTED) {
    // same key and same message (appTime = the row's creation) on every retry and re-run
    await acts(`${REQUEST_MESSAGE.SUMMARY} summary ${period} r${revision} → Single Window`).submitSummary({
      copNo, period, enterprise: gathered.enterprise, invtNos: row.invtNos, sentAt: row.createdAt,
      idempotencyKey: effectKey(workflowId, REQUEST_MESSAGE.SUMMARY, revision), customsCode: input.customsCode, dxp: input.dxp,
    });
    if (row.status === SummaryStatus.CREATED) await progress(SummaryStatus.SUBMITTED, `CEB701 sent with ${row.invtNos.length} list(s)`);
  }

  // Facts from the signals; the flow decides what they mean (arrival order does not matter).
  const mine = () => [...receipts.values()].filter((r) => r.copNo === copNo);
  const rejection = () => mine().find((r) => isRejection(r.returnStatus));
  const sumNo = () => state.sumNo ?? mine().find((r) => r.sumNo)?.sumNo ?? [...results.values()][0]?.sumNo;
  const declarations = () => {
    const s = sumNo();
    return [...results.values()].filter((r) => r.sumNo === s);
  };
  const declared = () => {
    const list = declarations();
    if (list.length === 0 || list.some((r) => !r.entryId)) return false;
    const covered = new Set(list.flatMap((r) => r.invtNos));
    const seqs = new Set(list.map((r) => r.msgSeqNo));
    return state.invtNos.every((n) => covered.has(n)) || seqs.size >= Math.max(...list.map((r) => r.msgCount));
  };
  const phase = (): string => {
    if (rejection()) return SummaryStatus.SUMMARY_REJECTED;
    if (declared()) return SummaryStatus.DECLARED;
    if (sumNo()) return SummaryStatus.AWAITING_RESULTS;
    if (Math.max(0, ...mine().map((r) => receiptRank(r.returnStatus))) >= receiptRank(ReceiptStatus.ACCEPTED)) return SummaryStatus.ACCEPTED;
    return SummaryStatus.SUBMITTED;
  };

  for (;;) {
    const now = phase();
    if (now === SummaryStatus.SUMMARY_REJECTED || now === SummaryStatus.DECLARED) break;
    if (now === SummaryStatus.AWAITING_RESULTS && !state.sumNo) state.sumNo = sumNo();
    if (ORDER.indexOf(now) > ORDER.indexOf(shown)) await progress(now, now === SummaryStatus.AWAITING_RESULTS ? `customs took the lists: sumNo ${state.sumNo}` : 'CEB702: accepted');
    await waitByDeadline(() => phase() !== now, now === SummaryStatus.AWAITING_RESULTS ? 'CEB792 results' : 'CEB702 receipts');
  }

  const refused = rejection();
  if (refused) {
    const info = `CEB702 ${refused.returnStatus}: ${refused.returnInfo}`;
    log.warn(`Monthly summary declaration REJECTED by customs for ${enterpriseId} ${period}: fix the cause and trigger the month again`, { enterpriseId, period, copNo, returnStatus: refused.returnStatus, returnInfo: refused.returnInfo });
    await setStatus(SummaryStatus.SUMMARY_REJECTED, info);
    return state;
  }
  const list = declarations();
  state.sumNo = sumNo();
  state.entryIds = [...new Set(list.map((r) => r.entryId!))];
  // Each shipment gets its 报关单号 (entryId): the refund / no-invoice exemption (无票免征) side
  // and FX matching work with the customs declaration, not with the inventory list.
  await acts('Record the declaration numbers on the shipments').recordSummaryResults({
    copNo, sumNo: state.sumNo!, at: nowIso(), results: list.map((r) => ({ declSeqNo: r.declSeqNo, entryId: r.entryId!, invtNos: r.invtNos })),
  });
  state.status = SummaryStatus.DECLARED;
  state.lastInfo = `declared as ${state.entryIds.join(', ')} (summary ${state.sumNo})${missed ? ', after the deadline' : ''}`;
  upsertSearchAttributes([{ key: SearchAttr.SummaryStatus, value: SummaryStatus.DECLARED }]);
  setCurrentDetails(details());
  log.info('Monthly summary declared', { enterpriseId, period, sumNo: state.sumNo, entryIds: state.entryIds, late: missed });
  return state;

  /** Waits for `done`; past the deadline raises the alert once, then keeps waiting. */
  async function waitByDeadline(done: () => boolean, what: string): Promise<void> {
    if (!missed) {
      const left = deadlineTimerEnd - Date.now();
      if (left > 0 && (await condition(done, left, { summary: `Deadline ${deadlineText}: ${what}` }))) return;
      if (done()) return;
      missed = true;
      log.warn(`Monthly summary declaration DEADLINE MISSED for ${enterpriseId} ${period}: no complete result by ${deadlineText}`, { enterpriseId, period, copNo, waitingFor: what });
      await setStatus(SummaryStatus.DEADLINE_MISSED, `deadline ${deadlineText} passed waiting for ${what}`);
    }
    await condition(done);
  }

  /** Progress; after a missed deadline the row keeps showing the alert. */
  async function progress(status: string, info: string): Promise<void> {
    shown = status;
    await setStatus(missed ? SummaryStatus.DEADLINE_MISSED : (status as SummaryStatus), info);
  }

  async function setStatus(status: SummaryStatus, info: string): Promise<void> {
    const changed = status !== state.status;
    state.status = status;
    state.lastInfo = info;
    if (changed) upsertSearchAttributes([{ key: SearchAttr.SummaryStatus, value: status }]);
    setCurrentDetails(details());
    await acts('Record the summary status').updateCustomsSummary({ copNo: state.copNo!, status, sumNo: state.sumNo, lastInfo: info });
  }

  function details(): string {
    const rows = [
      ['Status', state.status], ['Period', period], ['Enterprise', enterpriseId], ['copNo', state.copNo ?? '—'], ['sumNo', state.sumNo ?? '—'],
      ['Lists', String(state.invtNos.length)], ['Declarations (entryId)', state.entryIds.join(', ') || '—'], ['Deadline', deadlineText],
    ];
    return [`**9610 monthly summary ${period}** — ${state.lastInfo ?? state.status}`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  }
}
