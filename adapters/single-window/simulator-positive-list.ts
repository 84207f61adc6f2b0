/**
 * The simulated customs' positive-list check in 三单对碰 (domain-rules.md §1.6 step 5, §2.3): an
 * import inventory whose goods are not admitted by the list in force is refused. The simulator
 * holds the lists it was given (SingleWindowSimulatorOptions.positiveLists: the same files a zone
 * loads with `cbec positive-list load`); without any, it checks nothing.
 * ⚠ Receipt text and status 100 are the simulator's: the references give no code for it.
 */
import { checkPositiveList, type PositiveListFile, type PositiveListLine } from '../../domain/import/positive-list.js';
import type { Fields } from './simulator-core.js';

export const NOT_ON_LIST_TEXT = '商品不在跨境电子商务零售进口商品清单（正面清单）内'; // ⚠ simulator's text

/** The refusal text for an inventory's lines on a China date (YYYY-MM-DD), or undefined when admitted. */
export function positiveListRefusal(lists: readonly PositiveListFile[] | undefined, date: string, head: Fields, lines: Fields[]): string | undefined {
  if (!lists || lists.length === 0) return undefined;
  const inForce = lists.filter((l) => l.effectiveFrom <= date).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  if (!inForce) return `${NOT_ON_LIST_TEXT}：${date}无有效清单`;
  const map = new Map<string, PositiveListLine>(inForce.lines.map((l) => [l.tariffLine, l]));
  const mode = head.tradeMode === '9610' ? '9610' : '1210';
  const items = lines.map((l) => ({ hsCode: l.gcode ?? '', name: l.gname ?? '', legalUnit: l.unit1 ?? '', legalQty: Number(l.qty1 ?? '0') }));
  const problem = checkPositiveList(items, map, mode, inForce.version)[0];
  if (!problem) return undefined;
  return `${NOT_ON_LIST_TEXT}：第${problem.line + 1}项 ${problem.message}`.slice(0, 1000);
}
