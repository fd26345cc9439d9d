// Issue 9 points 2 and 3: a forged staff, LKPP or helpdesk From changes no case; a command
// counts only in what the staff member wrote and saw; strangers who thread to a case change
// nothing; a second message under a known Message-ID is not swallowed.
import fs from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { REPORT, Scenario } from './scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
const STAFF_PASS = { 'Authentication-Results': 'mx.lpse.test; dkim=pass header.d=lpse.test; spf=pass smtp.mailfrom=lpse.test; dmarc=pass header.from=lpse.test' };

let s: Scenario;
afterEach(() => s.close());

const proving = () => new Scenario((c) => ({ ...c, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } }));
const kinds = (sc: Scenario) => sc.outbox().map((o) => `${o.kind}->${o.toAddrs.join(',')}`);

async function openCase(sc: Scenario, headers: Record<string, string> = {}) {
  await sc.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true, headers });
  expect(sc.caseOf('2026-0001').state).toBe('in_progress');
}

function rawMail(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new Promise((res, rej) => new MailComposer(options).compile().build((e, m) => (e ? rej(e) : res(m))));
}

describe('a forged staff From', () => {
  it('a pass the sender wrote below our server\'s real fail resolves nothing, and the real staff address is told why', async () => {
    s = proving();
    await openCase(s);
    const forged = {
      'Authentication-Results': 'mx.lpse.test; spf=fail smtp.mailfrom=lpse.test; dmarc=fail (p=quarantine) header.from=lpse.test',
    };
    // nodemailer writes custom headers in order: ours first (the server's), then the forger's copy below.
    const raw = await rawMail({
      from: STAFF,
      to: 'helpdesk@lpse.test',
      subject: 'Re: [LPSE#2026-0001] Laporan baru',
      text: '#selesai Sudah beres, silakan cek https://spse-batang.example/login\n#balas Silakan login ulang di https://spse-batang.example/login',
      messageId: '<forged1@evil.example>',
      date: new Date('2026-11-26T01:10:00Z'),
      headers: [
        { key: 'Authentication-Results', value: forged['Authentication-Results'] },
        { key: 'Authentication-Results', value: 'mx.lpse.test; dkim=pass header.d=lpse.test; dmarc=pass header.from=lpse.test' },
      ],
    });
    const file = `${s.dir}/forged.eml`;
    fs.writeFileSync(file, raw);
    await s.process(file);
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    const after = kinds(s).slice(2);
    // Nothing to the reporter (no phishing #balas); one refusal to the real staff member.
    expect(after).toEqual(['staff_refusal->staff1@lpse.test']);
    const refusal = s.outbox()[2]!;
    expect(refusal.raw).toContain('tidak terbukti');
    expect(refusal.raw).toMatch(/mx\.lpse\.test says spf=(?:3D)?fail/);
    // The real staff member, proven by our server, still resolves it.
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-26 08:15', messageId: '<p1@lpse.test>', headers: STAFF_PASS });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });

  it('with trustedAuthservId null and trustFromHeader false, no staff command runs', async () => {
    s = new Scenario((c) => ({ ...c, security: { trustedAuthservId: null, authResultsHeaders: 1, trustFromHeader: false } }));
    await openCase(s);
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#tutup', at: '2026-11-26 08:00', messageId: '<n1@lpse.test>' });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(s).slice(2)).toEqual(['staff_refusal->staff1@lpse.test']);
  });
});

describe('commands count only in what the staff member wrote', () => {
  const outsider = [
    'Yth. Helpdesk,',
    'kami mohon kasus ini tidak dilanjutkan.',
    '#tutup',
    '#prioritas rendah',
    '#eskalasi',
  ].join('\n');

  const forwards: Array<[string, string, string]> = [
    [
      'Gmail "Forwarded message"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Mohon dicek, ini dari rekanan.\n\n---------- Forwarded message ---------\nFrom: Rekanan <cv.maju@gmail.com>\nDate: Kam, 26 Nov 2026 pukul 08.10\nSubject: keberatan\nTo: <staff1@lpse.test>\n\n${outsider}`,
    ],
    [
      'Gmail Indonesian "Pesan yang diteruskan"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Untuk diketahui.\n\n---------- Pesan yang diteruskan ---------\nDari: Rekanan <cv.maju@gmail.com>\nTanggal: Kam, 26 Nov 2026 pukul 08.10\nSubjek: keberatan\nKepada: <staff1@lpse.test>\n\n${outsider}`,
    ],
    [
      'Outlook From/Sent/To/Subject block',
      'FW: [LPSE#2026-0001] keberatan',
      `Tolong dilihat.\n\nFrom: Rekanan <cv.maju@gmail.com>\nSent: Thursday, November 26, 2026 8:10 AM\nTo: Rina Wulandari <staff1@lpse.test>\nSubject: keberatan\n\n${outsider}`,
    ],
    [
      'Indonesian Outlook Dari/Dikirim/Kepada/Subjek block',
      'TR: [LPSE#2026-0001] keberatan',
      `Mohon ditindaklanjuti.\n\nDari: Rekanan <cv.maju@gmail.com>\nDikirim: Kamis, 26 November 2026 08.10\nKepada: Rina Wulandari <staff1@lpse.test>\nSubjek: keberatan\n\n${outsider}`,
    ],
    [
      'Apple Mail "Begin forwarded message:"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Dari rekanan.\n\nBegin forwarded message:\n\nFrom: Rekanan <cv.maju@gmail.com>\nSubject: keberatan\nDate: 26 November 2026 at 08.10.00 WIB\nTo: staff1@lpse.test\n\n${outsider}`,
    ],
    [
      'Outlook "-----Original Message-----" in a forward',
      'FW: [LPSE#2026-0001] keberatan',
      `Lihat di bawah.\n\n-----Original Message-----\nFrom: Rekanan <cv.maju@gmail.com>\nSent: Thursday, November 26, 2026 8:10 AM\nTo: staff1@lpse.test\nSubject: keberatan\n\n${outsider}`,
    ],
    [
      'Horde/IMP "Forwarded message from", subject without Fwd:',
      'Re: [LPSE#2026-0001] keberatan',
      `Mohon dicek.\n\n----- Forwarded message from Rekanan <cv.maju@gmail.com> -----\n\n${outsider}\n\n----- End forwarded message -----\n\nTerima kasih.`,
    ],
    [
      'Horde/IMP Indonesian "Pesan yang diteruskan dari"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Untuk diketahui.\n\n----- Pesan yang diteruskan dari cv.maju@gmail.com -----\n\n${outsider}\n\n----- Akhir pesan yang diteruskan -----`,
    ],
    [
      'Thunderbird in Russian, labels we do not read',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Для сведения.\n\n-------- Пересылаемое сообщение --------\nТема: \tkeberatan\nДата: \tThu, 26 Nov 2026 08:10:00 +0700\nОт: \tRekanan <cv.maju@gmail.com>\nКому: \tstaff1@lpse.test\n\n${outsider}`,
    ],
    [
      'Gmail in Japanese, labels we do not read',
      'Fwd: [LPSE#2026-0001] keberatan',
      `ご確認ください。\n\n---------- 転送されたメッセージ ---------\n差出人: Rekanan <cv.maju@gmail.com>\n日付: 2026年11月26日(木) 8:10\n件名: keberatan\n宛先: <staff1@lpse.test>\n\n${outsider}`,
    ],
    [
      'Apple Mail in Spanish, subject edited',
      '[LPSE#2026-0001] revisar',
      `Mohon dicek.\n\nInicio del mensaje reenviado:\n\n${outsider}`,
    ],
    [
      'Gmail in Malay "Mesej dimajukan"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Untuk makluman.\n\n---------- Mesej dimajukan ---------\nDaripada: Rekanan <cv.maju@gmail.com>\nTarikh: Kha, 26 Nov 2026 pada 8:10 PG\nSubjek: keberatan\nKepada: <staff1@lpse.test>\n\n${outsider}`,
    ],
    [
      'Outlook in Malay, header block with no rule (subject edited)',
      '[LPSE#2026-0001] tolong semak',
      `Tolong semak.\n\nDaripada: Rekanan <cv.maju@gmail.com>\nDihantar: Khamis, 26 November 2026 8:10 PG\nKepada: Rina Wulandari <staff1@lpse.test>\nSubjek: keberatan\n\n${outsider}`,
    ],
    [
      'Gmail in Javanese "Pesen sing diterusake"',
      'Fwd: [LPSE#2026-0001] keberatan',
      `Mangga dipriksa.\n\n---------- Pesen sing diterusake ---------\nSaka: Rekanan <cv.maju@gmail.com>\nTanggal: Kem, 26 Nov 2026 jam 08.10\nSubjek: keberatan\n\n${outsider}`,
    ],
    [
      'Outlook in Turkish Kimden/Gönderildi/Kime/Konu',
      '[LPSE#2026-0001] bakiniz',
      `Mohon dicek.\n\nKimden: Rekanan <cv.maju@gmail.com>\nGönderildi: 26 Kasım 2026 Perşembe 08:10\nKime: Rina Wulandari <staff1@lpse.test>\nKonu: keberatan\n\n${outsider}`,
    ],
  ];

  it.each(forwards)('%s: the outsider\'s #tutup, #prioritas and #eskalasi do not run', async (_shape, subject, text) => {
    s = new Scenario();
    await openCase(s);
    await s.send({ from: STAFF, subject, text, at: '2026-11-26 08:20', messageId: '<fw1@lpse.test>' });
    const c = s.caseOf('2026-0001');
    expect(c).toMatchObject({ state: 'in_progress', priority: null });
    expect(kinds(s).some((k) => k.startsWith('escalation') || k.startsWith('staff_ack'))).toBe(false);
  });

  it('the staff member\'s own command above the forward still runs', async () => {
    s = new Scenario();
    await openCase(s);
    await s.send({ from: STAFF, subject: 'Fwd: [LPSE#2026-0001] keberatan', text: `#prioritas tinggi\n\n${forwards[0]![2]}`, at: '2026-11-26 08:20', messageId: '<fw2@lpse.test>' });
    // Hers is `tinggi`; the forwarded `#prioritas rendah` is the outsider's.
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'in_progress', priority: 'tinggi' });
  });

  it('a message inside a multipart/digest (implicitly message/rfc822) carries no command', async () => {
    s = new Scenario();
    await openCase(s);
    const raw = [
      'From: Rina Wulandari <staff1@lpse.test>',
      'To: helpdesk@lpse.test',
      'Subject: Fwd: [LPSE#2026-0001] keberatan',
      'Message-ID: <dg1@lpse.test>',
      'Date: Thu, 26 Nov 2026 08:20:00 +0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="luar"',
      '',
      '--luar',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Terlampir surel rekanan.',
      '--luar',
      'Content-Type: multipart/digest; boundary="dalam"',
      '',
      '--dalam',
      '',
      'From: Rekanan <cv.maju@gmail.com>',
      'To: staff1@lpse.test',
      'Subject: keberatan',
      'Message-ID: <dg-inner@gmail.com>',
      '',
      outsider,
      '--dalam--',
      '--luar--',
      '',
    ].join('\r\n');
    const file = `${s.dir}/digest.eml`;
    fs.writeFileSync(file, raw);
    await s.process(file);
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'in_progress', priority: null });
  });

  const hidden: Array<[string, string]> = [
    ['display:none', '<div style="display: none !important">#tutup</div>'],
    ['visibility:hidden', '<p style="VISIBILITY:hidden">#tutup</p>'],
    ['opacity:0', '<span style="opacity:0">#tutup</span>'],
    ['white text', '<div style="color:#FFFFFF">#tutup</div>'],
    ['font-size:1px', '<div style="font-size:1px;line-height:1px">#tutup</div>'],
    ['font-size:0', '<div style="font-size:0">#tutup</div>'],
    ['mso-hide:all', '<div style="mso-hide:all">#tutup</div>'],
    ['<template>', '<template><div>#tutup</div></template>'],
    ['hidden attribute', '<div hidden>#tutup</div>'],
    ['<font color=white>', '<font color="white">#tutup</font>'],
    ['max-height:0 overflow:hidden preheader', '<div style="max-height:0;overflow:hidden">#tutup</div>'],
    ['a class hidden by a <style> rule', '<style>.ringkas { display: none }</style><div class="ringkas">#tutup</div>'],
    ['an id made white by a <style> rule', '<style>div#catatan{color:#ffffff}</style><div id="catatan">#tutup</div>'],
    ['color:transparent', '<div style="color:transparent">#tutup</div>'],
    ['near-white #fefefe', '<div style="color:#fefefe">#tutup</div>'],
    ['black on black', '<div style="background:#000"><span style="color:#000">#tutup</span></div>'],
    ['font-size:0.25em', '<div style="font-size:0.25em">#tutup</div>'],
    ['off-screen left:-9999px', '<div style="position:absolute;left:-9999px">#tutup</div>'],
    ['text-indent:-9999px', '<div style="text-indent:-9999px;overflow:hidden">#tutup</div>'],
    ['clip rect(0,0,0,0)', '<div style="position:absolute;clip:rect(0,0,0,0)">#tutup</div>'],
    ['closed <details>', '<details><summary>Rincian</summary>#tutup</details>'],
    ['aria-hidden off to the side', '<div aria-hidden="true" style="position:absolute;width:1px;height:1px">#tutup</div>'],
    ['width:0;height:0', '<div style="width:0;height:0">#tutup</div>'],
  ];

  it.each(hidden)('hidden HTML (%s) runs no command, also where the plain alternative shows it', async (_how, element) => {
    s = new Scenario();
    await openCase(s);
    const html = `<html><body><div>Terima kasih, kami pelajari dulu.</div>${element}</body></html>`;
    // The plain part a client generates from that HTML: its converter ignores CSS.
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: 'Terima kasih, kami pelajari dulu.\n#tutup', html, at: '2026-11-26 08:30', messageId: '<h1@lpse.test>' });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
  });

  it('text a <style> rule or a closed <details> hides is no report data either', async () => {
    s = new Scenario();
    const html = '<html><head><style>.tambahan{display:none}</style></head><body><p>Gagal upload dokumen penawaran.</p><p>Kode Tender: 10034567000</p><p class="tambahan">No. HP: 0811-0000-0000</p><details><summary>Rincian</summary><p>User ID SPSE: palsu01</p></details></body></html>';
    await s.send({ from: REPORTER, subject: 'Gagal upload', text: 'Gagal upload dokumen penawaran.\nKode Tender: 10034567000\nNo. HP: 0811-0000-0000\nRincian\nUser ID SPSE: palsu01', html, at: '2026-11-26 07:41', messageId: '<h5@gmail.com>' });
    expect(s.caseOf('2026-0001').fields).toMatchObject({ tenderCode: '10034567000', phone: null, userId: null });
  });

  it('an HTML comment runs no command, also where the plain alternative shows it', async () => {
    s = new Scenario();
    await openCase(s);
    const html = '<html><body><!--[if mso]><p>Outlook</p><![endif]--><p>Baik, kami cek.</p><!--\n#tutup\n--></body></html>';
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: 'Baik, kami cek.\n#tutup', html, at: '2026-11-26 08:30', messageId: '<h2@lpse.test>' });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
  });

  it('hidden HTML is no report data either, and a visible command beside it still runs', async () => {
    s = new Scenario();
    const html = '<p>Gagal upload dokumen penawaran.</p><p>Kode Tender: 10034567000</p><div style="display:none">No. HP: 0811-0000-0000</div>';
    await s.send({ from: REPORTER, subject: 'Gagal upload', text: 'Gagal upload dokumen penawaran.\nKode Tender: 10034567000\nNo. HP: 0811-0000-0000', html, at: '2026-11-26 07:41', messageId: '<h3@gmail.com>' });
    expect(s.caseOf('2026-0001').fields).toMatchObject({ tenderCode: '10034567000', phone: null });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#prioritas tinggi\n#tutup', html: '<p>#prioritas tinggi</p><p style="display:none">#tutup</p>', at: '2026-11-26 08:30', messageId: '<h4@lpse.test>' });
    expect(s.caseOf('2026-0001')).toMatchObject({ priority: 'tinggi' });
    expect(s.caseOf('2026-0001').state).not.toBe('closed');
  });
});

describe('LKPP and the helpdesk itself need the same proof', () => {
  async function escalated(sc: Scenario) {
    await openCase(sc);
    await sc.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#eskalasi', at: '2026-11-26 08:00', messageId: '<e1@lpse.test>', headers: STAFF_PASS });
    expect(sc.caseOf('2026-0001').state).toBe('escalating');
    return sc.outbox().find((o) => o.kind === 'escalation')!;
  }

  it('an unproven LKPP mail moves nothing to LKPP handling; staff see it as unproven', async () => {
    s = proving();
    await escalated(s);
    const r = await s.send({ from: LKPP, subject: 'Re: [LPSE#2026-0001] Eskalasi [Tiket #LKPP-2026-11873]', text: 'Sudah kami tangani.\n#lkpp-selesai', at: '2026-11-26 09:00', messageId: '<l1@forged>' });
    expect(r.reason).toBe('unproven_sender');
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'escalating', lkppTicket: null });
    expect(kinds(s).at(-1)).toBe('staff_relay_outsider->staff1@lpse.test,staff2@lpse.test');
    expect(kinds(s).some((k) => k.startsWith('lkpp_solved_notice'))).toBe(false);
    // LKPP itself, proven, does move it.
    await s.send({ from: LKPP, subject: 'Re: [LPSE#2026-0001] Eskalasi [Tiket #LKPP-2026-11873]', text: 'Sedang kami periksa.', at: '2026-11-26 09:00', messageId: '<l2@lkpp>', headers: STAFF_PASS });
    expect(s.caseOf('2026-0001').state).toBe('lkpp_handling');
  });

  it('a forged From: helpdesk@ to LKPP does not start LKPP\'s clock; the same mail from our Sent folder does', async () => {
    s = proving();
    const draft = await escalated(s);
    const spec = { from: 'Helpdesk LPSE <helpdesk@lpse.test>', to: 'lkpp@lpse.test', subject: '[LPSE#2026-0001] Eskalasi permasalahan SPSE', text: 'Data terlampir.', at: '2026-11-26 08:40', messageId: draft.messageId };
    const forged = await s.send(spec);
    expect(forged.reason).toBe('unproven_sender');
    expect(s.caseOf('2026-0001').state).toBe('escalating');
    expect(s.caseOf('2026-0001').clocks.some((k) => k.step === '5')).toBe(false);

    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date('2026-11-26T01:41:00Z') });
    const file = await s.eml({ ...spec, messageId: '<sent-copy@lpse.test>', text: 'Data terlampir (dikirim dari folder Sent).' });
    await helpdesk.receive(fs.readFileSync(file), { source: 'sent' });
    expect(s.caseOf('2026-0001').state).toBe('at_lkpp');
  });
});

describe('strangers cannot join or steer a case', () => {
  it('a non-participant replying to our acknowledgement (In-Reply-To) adds nothing and gets no answer', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Gagal upload', text: 'Gagal upload dokumen.\nKode Tender: 10034567000', at: '2026-11-26 07:41', messageId: '<r1@gmail.com>' });
    const ask = s.outbox()[0]!;
    const before = s.caseOf('2026-0001');
    const r = await s.send({
      from: 'Penipu <orang.lain@yahoo.co.id>',
      subject: 'Re: Laporan diterima',
      text: 'Nama Pokja Pemilihan: Pokja Palsu\nUser ID SPSE: palsu01\nNama Paket: Paket Palsu\nNo. HP: 0813-9999-0000\n#selesai',
      at: '2026-11-26 08:00',
      messageId: '<x1@yahoo.co.id>',
      inReplyTo: ask.messageId,
      screenshot: true,
    });
    expect(r).toMatchObject({ disposition: 'processed', caseRef: '2026-0001', reason: 'non_participant' });
    const after = s.caseOf('2026-0001');
    expect(after.fields).toEqual(before.fields);
    expect(after).toMatchObject({ state: before.state, screenshots: 0, missing: before.missing });
    expect(s.outbox().some((o) => o.toAddrs.includes('orang.lain@yahoo.co.id'))).toBe(false);
    expect(kinds(s).at(-1)).toBe('staff_relay_outsider->staff1@lpse.test,staff2@lpse.test');
    expect(s.outbox().at(-1)!.raw).toContain('bukan peserta kasus');
    // Having written once does not make the stranger a participant.
    await s.send({ from: 'orang.lain@yahoo.co.id', subject: 'Re: [LPSE#2026-0001]', text: 'User ID SPSE: palsu02', at: '2026-11-26 08:10', messageId: '<x2@yahoo.co.id>', inReplyTo: ask.messageId });
    expect(s.caseOf('2026-0001').fields.userId).toBeNull();
  });

  it('a stranger using the case tag with data and a screenshot adds nothing', async () => {
    s = new Scenario();
    await openCase(s);
    await s.send({ from: 'cv.saingan@gmail.com', subject: 'Re: [LPSE#2026-0001] Laporan diterima', text: 'No. HP: 0857-1111-2222\nTolong dibatalkan saja.', at: '2026-11-26 08:00', messageId: '<t1@gmail.com>', screenshot: true });
    expect(s.caseOf('2026-0001')).toMatchObject({ screenshots: 1, fields: { phone: '+6281227459910' } });
    expect(s.outbox().some((o) => o.toAddrs.includes('cv.saingan@gmail.com'))).toBe(false);
  });

  it('a colleague the reporter copied (Cc) takes part', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, cc: 'ketua.pokja3@batangkab.go.id', subject: 'Error evaluasi', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
    const r = await s.send({ from: 'ketua.pokja3@batangkab.go.id', subject: 'Re: [LPSE#2026-0001] Laporan diterima', text: 'Mohon segera dibantu, jadwal evaluasi besok.', at: '2026-11-26 08:00', messageId: '<k1@batangkab.go.id>' });
    expect(r.reason).toBeNull();
    expect(kinds(s).at(-1)).toBe('staff_relay_reporter->staff1@lpse.test,staff2@lpse.test');
  });
});

describe('the same Message-ID with other content', () => {
  it('a forged earlier mail does not swallow the real report; staff are told; replays stay duplicates', async () => {
    s = new Scenario();
    // The forger guessed the committee's next Message-ID and sent first.
    await s.send({ from: 'pokja3.batang@gmail.com', subject: 'Terima kasih', text: 'Sudah beres, terima kasih.', at: '2026-11-26 07:30', messageId: '<CAK7x=real@mail.gmail.com>' });
    const realFile = await s.eml({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<CAK7x=real@mail.gmail.com>', screenshot: true });
    const real = await s.process(realFile);
    expect(real.disposition).toBe('processed');
    expect(real.caseRef).toBe('2026-0002');
    expect(s.caseOf('2026-0002')).toMatchObject({ missing: [], screenshots: 1 });
    expect(kinds(s)).toContain('staff_message_id_clash->staff1@lpse.test,staff2@lpse.test');
    const queued = s.outbox().length;
    expect((await s.process(realFile)).disposition).toBe('duplicate');
    expect(s.outbox()).toHaveLength(queued);
    // A message whose password made us keep a redacted copy compares by that copy: its replay is a duplicate too.
    const secret = await s.eml({ from: REPORTER, subject: 'Error lagi', text: `${REPORT}\n\nPassword root server: Rahasia#2026`, at: '2026-11-26 09:41', messageId: '<pw1@gmail.com>', screenshot: true });
    expect((await s.process(secret)).disposition).toBe('processed');
    const afterSecret = s.outbox().length;
    expect((await s.process(secret)).disposition).toBe('duplicate');
    expect(s.outbox()).toHaveLength(afterSecret);
  });

  it('the same mail delivered twice over two routes (other Received and Delivered-To headers) is one message, no clash', async () => {
    s = new Scenario();
    const file = await s.eml({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<CAK7x=twice@mail.gmail.com>', screenshot: true });
    const original = fs.readFileSync(file);
    expect((await s.process(file)).disposition).toBe('processed');
    const queued = s.outbox().length;
    const trace = 'Received: from relay.batangkab.go.id (relay [10.1.2.3]) by mx.lpse.test with ESMTP id 4dKX; Thu, 26 Nov 2026 07:41:09 +0700\r\nDelivered-To: helpdesk-alias@lpse.test\r\n';
    const again = `${s.dir}/again.eml`;
    fs.writeFileSync(again, Buffer.concat([Buffer.from(trace), original]));
    expect((await s.process(again)).disposition).toBe('duplicate');
    expect(s.outbox()).toHaveLength(queued);
    expect(kinds(s).some((k) => k.startsWith('staff_message_id_clash'))).toBe(false);
  });
});
