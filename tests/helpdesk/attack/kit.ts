// Shared helpers of the attack tests: a committee's case in a known state, and outbox views.
import { REPORT, Scenario, type MailSpec } from '../scenario-kit';

export const COMMITTEE = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
export const COMMITTEE_ADDR = 'pokja3.batang@gmail.com';
export const RINA = 'Rina Wulandari <staff1@lpse.test>';
export const AGUS = 'Agus Setiawan <staff2@lpse.test>';
export const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
export const TAG = '[LPSE#2026-0001]';
export const PASS = (domain: string) => ({ 'Authentication-Results': `mx.lpse.test; dmarc=pass header.from=${domain}` });
export const STRICT = (s: Scenario['config']) => ({ ...s, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } });

let seq = 0;
export const id = (): string => `<atk${++seq}.${Math.random().toString(36).slice(2)}@mail.test>`;

export type Row = ReturnType<Scenario['outbox']>[number];
export const kinds = (rows: Row[]): string[] => rows.map((o) => `${o.kind}->${o.toAddrs.join(',')}`);
export const to = (rows: Row[], address: string): Row[] => rows.filter((o) => o.toAddrs.includes(address));

export async function report(s: Scenario, at = '2026-11-26 08:00', from = COMMITTEE, text = REPORT, extra: Partial<MailSpec> = {}) {
  return s.send({ from, subject: 'Error evaluasi tender', text, at, messageId: id(), screenshot: true, ...extra });
}

/** A case solved by Rina; returns the solved notice row. */
export async function solvedCase(s: Scenario, headers?: Record<string, string>): Promise<Row> {
  await report(s);
  await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-26 08:10', messageId: id(), headers });
  const solved = s.outbox().find((o) => o.kind === 'solved_notice');
  if (!solved) throw new Error('no solved notice');
  return solved;
}
