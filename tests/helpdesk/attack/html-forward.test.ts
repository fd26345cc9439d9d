// Attack: an HTML-only staff forward whose committee address is only in a mailto: link.
import MailComposer from 'nodemailer/lib/mail-composer';
import fs from 'node:fs';
import path from 'node:path';
import { Scenario } from '../scenario-kit';

let s: Scenario;
afterEach(() => s?.close());

async function htmlOnly(html: string): Promise<string> {
  const composer = new MailComposer({ from: 'Rina Wulandari <staff1@lpse.test>', to: 'helpdesk@lpse.test', subject: 'Fwd: Mohon bantuan error SPSE', html, messageId: '<html-fwd@lpse.test>', date: new Date('2026-11-26T08:10:00+07:00') });
  const raw = await new Promise<Buffer>((res, rej) => composer.compile().build((e, m) => (e ? rej(e) : res(m))));
  const file = path.join(s.dir, 'html-fwd.eml');
  fs.writeFileSync(file, raw);
  return file;
}

const BODY = '<div>Upload dokumen kualifikasi gagal terus.<br>Nama Pokja Pemilihan: Pokja Pemilihan 6<br>User ID: pokja6btg<br>Kode Tender: 10066677000<br>Nama Paket: Pengadaan Alat Kesehatan<br>No. HP: 0813-9988-7766</div>';

describe('HTML-only forwards', () => {
  it('Gmail HTML forward (name in <strong>, address in a mailto link) opens the case for the committee', async () => {
    s = new Scenario();
    const html = `<div dir="ltr">Mohon dibuatkan kasus.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Pokja Pemilihan 6</strong> <span dir="auto">&lt;<a href="mailto:pokja6.batang@gmail.com">pokja6.batang@gmail.com</a>&gt;</span><br>Date: Wed, 25 Nov 2026 at 14:02<br>Subject: Mohon bantuan error SPSE<br>To: &lt;<a href="mailto:staff1@lpse.test">staff1@lpse.test</a>&gt;<br></div><br><br>${BODY}</div></div>`;
    const r = await s.process(await htmlOnly(html));
    expect(r.handling).toBe('open_forwarded_case');
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja6.batang@gmail.com');
  });

});
