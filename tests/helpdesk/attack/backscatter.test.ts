// Attack: answers that anyone can cause with a forged From, summed over many forged addresses.
import { Scenario } from '../scenario-kit';
import { RINA, STRICT, TAG, id, kinds, report } from './kit';

let s: Scenario;
afterEach(() => s?.close());

describe('mailbox-wide backscatter', () => {
  it('200 blank mails from 200 forged addresses in an hour: short answers stay under the mailbox-wide cap', async () => {
    s = new Scenario();
    for (let i = 0; i < 200; i++) await s.send({ from: `korban${i}@mail.test`, subject: '', text: '', at: `2026-11-26 09:${String(Math.floor(i / 4)).padStart(2, '0')}`, messageId: id() });
    const answers = s.outbox().filter((o) => o.kind === 'reporter_short_answer');
    expect(answers.length).toBeLessThanOrEqual(s.config.autoReply.maxNewCaseAcksPerHour);
  });

  it('200 "status" mails from 200 forged addresses in an hour: status answers stay under the mailbox-wide cap', async () => {
    s = new Scenario();
    for (let i = 0; i < 200; i++) await s.send({ from: `korban${i}@mail.test`, subject: 'status', text: '', at: `2026-11-26 09:${String(Math.floor(i / 4)).padStart(2, '0')}`, messageId: id() });
    const answers = s.outbox().filter((o) => o.kind === 'status_answer');
    expect(answers.length).toBeLessThanOrEqual(s.config.autoReply.maxNewCaseAcksPerHour);
  });

  it('a forger writing 50 commands as a staff member (strict proof) gets that member at most maxOutsiderAlertsPerHour refusals', async () => {
    s = new Scenario(STRICT);
    await report(s);
    const n = s.outbox().length;
    for (let i = 0; i < 50; i++) await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#selesai', at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
    const toRina = s.outbox().slice(n).filter((o) => o.toAddrs.includes('staff1@lpse.test'));
    expect(toRina.length).toBeLessThanOrEqual(s.config.autoReply.maxOutsiderAlertsPerHour);
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
  });

  it('a forger writing 50 case-less mails as a staff member (strict proof) does not flood staff with relays', async () => {
    s = new Scenario(STRICT);
    for (let i = 0; i < 50; i++) await s.send({ from: RINA, subject: 'Tanya', text: '#status', at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
    const toRina = s.outbox().filter((o) => o.toAddrs.includes('staff1@lpse.test'));
    expect(toRina.length).toBeLessThanOrEqual(s.config.autoReply.maxOutsiderAlertsPerHour);
  });
});

describe('every staff command is answered', () => {
  it('#balas above a #kasus-baru in a case reply is run or refused, not dropped', async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    const text = ['#balas Mohon ditunggu, kami sedang memeriksa.', '', '#kasus-baru', 'Email pelapor: pokja5.batang@gmail.com', 'Kode Tender: 10055566000', '', 'Pokja 5 menelepon: paket lain juga error.'].join('\n');
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text, at: '2026-11-26 08:20', messageId: id() });
    const out = kinds(s.outbox().slice(n));
    const answered = out.some((k) => k.startsWith('relay_to_reporter->pokja3.batang@gmail.com')) || out.some((k) => k.startsWith('staff_refusal->staff1@lpse.test'));
    expect({ out, answered }).toMatchObject({ answered: true });
  });
});
