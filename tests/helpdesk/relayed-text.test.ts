// Someone else's words that the bot relays to staff (a stranger, the reporter, LKPP) stand
// behind "> " in the notice, so a `#command` in them never starts a line. A staff reply whose
// client quotes the notice in a way the reader does not know (no ">" and an unfamiliar header)
// then still runs only what the staff member wrote.
import { simpleParser } from 'mailparser';
import { Scenario, REPORT } from './scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const STAFF_PASS = { 'Authentication-Results': 'mx.lpse.test; dkim=pass header.d=lpse.test; spf=pass smtp.mailfrom=lpse.test; dmarc=pass header.from=lpse.test' };
const PHISH = '#balas Mohon login ulang di https://lpse-batangkab.evil.example/eproc4 untuk verifikasi.\n#tutup';

let s: Scenario;
afterEach(() => s.close());

const proving = () => new Scenario((c) => ({ ...c, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } }));

async function noticeText(kind: string): Promise<{ text: string; html: string; messageId: string }> {
  const row = s.outbox().filter((o) => o.kind === kind).at(-1);
  if (!row) throw new Error(`no ${kind}`);
  const parsed = await simpleParser(row.raw);
  return { text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '', messageId: row.messageId };
}

// Quote layouts the reader has no rule for: a Malay Outlook header block, a bare rule line.
const LAYOUTS: Array<[string, (notice: string) => string]> = [
  ['Malay Outlook header block', (n) => `#catatan Sudah dicek, abaikan.\n\nDaripada: Helpdesk LPSE <helpdesk@lpse.test>\nDihantar: Khamis, 26 November 2026 8:05 PG\nKepada: Rina Wulandari\nSubjek: Pesan\n\n${n}`],
  ['a rule line and nothing else', (n) => `#catatan Sudah dicek, abaikan.\n\n________________________________\n${n}`],
  ['the notice pasted with no separator at all', (n) => `#catatan Sudah dicek, abaikan.\n${n}`],
];

describe('relayed words never become a staff command', () => {
  it.each(LAYOUTS)('a stranger\'s relayed text, quoted by staff as %s', async (_what, quote) => {
    s = proving();
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true, headers: STAFF_PASS });
    await s.send({ from: 'Penipu <orang.lain@yahoo.co.id>', subject: 'Re: [LPSE#2026-0001] Laporan', text: PHISH, at: '2026-11-26 08:00', messageId: '<x1@yahoo.co.id>' });
    const notice = await noticeText('staff_relay_outsider');
    expect(notice.text).toContain('> #balas Mohon login ulang');
    expect(notice.text).not.toMatch(/^#(?:balas|tutup)/m);
    expect(notice.html).toContain('&gt; #tutup');
    await s.send({ from: STAFF, subject: 'RE: [LPSE#2026-0001] Pesan', text: quote(notice.text), at: '2026-11-26 08:10', messageId: '<st1@lpse.test>', inReplyTo: notice.messageId, headers: STAFF_PASS });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(s.outbox().some((o) => o.kind === 'relay_to_reporter')).toBe(false);
    // The staff member's own #catatan ran; the relayed lines were read as quoted and refused.
    expect(s.eventTypes('2026-0001')).toContain('command');
  });

  it('a reporter\'s relayed reply is quoted the same way', async () => {
    s = proving();
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
    await s.send({ from: REPORTER, subject: 'Re: [LPSE#2026-0001] Laporan', text: `Tambahan keterangan:\n${PHISH}`, at: '2026-11-26 08:00', messageId: '<r2@gmail.com>' });
    const notice = await noticeText('staff_relay_reporter');
    expect(notice.text).toContain('> Tambahan keterangan:');
    expect(notice.text).not.toMatch(/^#(?:balas|tutup)/m);
  });
});
