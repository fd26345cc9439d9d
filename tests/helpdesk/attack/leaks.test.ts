// Attack: a root password written in a forwarded report, a phone report, a staff note or an LKPP circular.
import { cases, events } from '../../../src/store/schema';
import { Scenario } from '../scenario-kit';
import { LKPP, PASS, RINA, AGUS, TAG, id, report } from './kit';

let s: Scenario;
afterEach(() => s?.close());

const SECRET = 'Rahasia#2026xYz';
/** Everything the bot keeps or sends in clear: outbox mail, the case description, the events. */
function everywhere(): string {
  const mails = s.outbox().map((o) => o.raw).join('\n');
  const logged = JSON.stringify(s.store.db.select().from(events).all());
  const descr = JSON.stringify(s.store.db.select().from(cases).all());
  return `${mails}\n${logged}\n${descr}`;
}

describe('no password in clear', () => {
  it('in a forwarded report', async () => {
    s = new Scenario();
    const text = ['Mohon dibuatkan kasus.', '', '---------- Forwarded message ---------', 'From: Pokja Pemilihan 6 <pokja6.batang@gmail.com>', 'Date: Wed, 25 Nov 2026 at 14:02', 'Subject: Tidak bisa login', 'To: <staff1@lpse.test>', '', 'Tidak bisa login ke SPSE.', 'User ID: pokja6btg', `Password: ${SECRET}`, 'Kode Tender: 10066677000', '', 'Terima kasih'].join('\n');
    const r = await s.send({ from: RINA, subject: 'Fwd: Tidak bisa login', text, at: '2026-11-26 08:10', messageId: id() });
    expect(r.handling).toBe('open_forwarded_case');
    expect(everywhere()).not.toContain(SECRET);
  });

  it('in a phone report (the staff member wrote down the password the committee said)', async () => {
    s = new Scenario();
    const text = ['#laporan-telepon', 'Email pelapor: pokja5.batang@gmail.com', 'User ID: pokja5btg', `kata sandi: ${SECRET}`, 'Kode Tender: 10055566000', '', `Pelapor tidak bisa login, passwordnya ${SECRET} katanya sudah benar.`].join('\n');
    const r = await s.send({ from: RINA, subject: 'Laporan telepon', text, at: '2026-11-26 09:00', messageId: id() });
    expect(r.handling).toBe('open_phone_case');
    expect(everywhere()).not.toContain(SECRET);
  });

  it('in a staff note without a command', async () => {
    s = new Scenario();
    await report(s);
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: `Akses server sudah dibuka, root pw: ${SECRET}`, at: '2026-11-26 08:20', messageId: id() });
    expect(everywhere()).not.toContain(SECRET);
  });

  it('in an LKPP circular of no case', async () => {
    s = new Scenario();
    const text = `Yth. LPSE,\nUntuk pemeliharaan, silakan login ke panel dengan\nusername: lpse-batang\npassword: ${SECRET}\nTerima kasih.`;
    await s.send({ from: LKPP, subject: 'Surat Edaran pemeliharaan', text, at: '2026-11-26 09:00', messageId: id(), headers: PASS('lpse.test') });
    expect(everywhere()).not.toContain(SECRET);
  });

  it('in a staff #kasus-baru reply to a relayed stranger mail that held a password', async () => {
    s = new Scenario();
    await report(s);
    await s.send({ from: 'Pokja 8 <pokja8.batang@gmail.com>', subject: `Fwd: ${TAG} Laporan diterima`, text: `Tidak bisa login.\nUser ID: pokja8\nPassword: ${SECRET}\nKode Tender: 10088899000`, at: '2026-11-26 09:00', messageId: '<stranger-pw@gmail.com>' });
    const relay = s.outbox().find((o) => o.kind === 'staff_relay_outsider')!;
    await s.send({ from: RINA, subject: `Re: ${relay.subject}`, text: '#kasus-baru', at: '2026-11-26 09:05', messageId: id(), inReplyTo: relay.messageId });
    expect(everywhere()).not.toContain(SECRET);
  });
});
