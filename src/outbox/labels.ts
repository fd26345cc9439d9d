/**
 * The words the mail templates show for the workflow's machine names, in Indonesian (the
 * default) and English: report fields and missing items, symptoms, case states, SOP steps,
 * clock owners, priorities, tag commands, refusal reasons and timeline events.
 *
 * Owns wording only; the sentences around it live in src/templates. The fill-in labels are a
 * contract with the inbox parser (src/inbox/fields.ts): a reporter copies them into the reply
 * and the parser reads the values back, so change them only together with the parser's tests.
 *
 * Public surface:
 *   type Lang
 *   FILLIN_LABELS, FIELD_LABELS, ITEM_LABELS, SYMPTOM_LABELS, STATE_LABELS, STEP_LABELS,
 *   OWNER_LABELS, PRIORITY_LABELS, COMMAND_HELP, COMMAND_ORDER, REFUSAL_LABELS,
 *   BAD_ARGUMENT_HINTS, TIMELINE_LABELS   records keyed by language, then by machine name
 *   commandWord(name, lang): string       '#minta-data' / '#request-data'
 *   timelineLabel(type, lang): string     a known event's label, else the type made readable
 */

import type { CaseState, CommandName, FieldName, MissingItem, Owner, Priority, RefusalReason, StepId, Symptom } from '../workflow';

export type Lang = 'id' | 'en';

type ByLang<T> = Readonly<Record<Lang, Readonly<T>>>;

/** The labels of the fill-in block, exactly as the parser reads them back ("Label: value"). */
export const FILLIN_LABELS: ByLang<Record<Exclude<MissingItem, 'screenshot'>, string>> = {
  id: {
    committeeName: 'Nama Pokja Pemilihan',
    userId: 'User ID SPSE',
    tenderCode: 'Kode Tender',
    tenderName: 'Nama Paket/Tender',
    phone: 'No. HP/WA',
  },
  en: {
    committeeName: 'Committee name',
    userId: 'User ID SPSE',
    tenderCode: 'Tender code',
    tenderName: 'Package/tender name',
    phone: 'Phone/WhatsApp',
  },
};

/** Labels of the report's fields in summaries. */
export const FIELD_LABELS: ByLang<Record<FieldName, string>> = {
  id: { ...FILLIN_LABELS.id, errorCode: 'Kode Error' },
  en: { ...FILLIN_LABELS.en, errorCode: 'Error code' },
};

/** The required items, as listed when something is missing. */
export const ITEM_LABELS: ByLang<Record<MissingItem, string>> = {
  id: {
    committeeName: 'Nama Pokja Pemilihan',
    userId: 'User ID SPSE',
    tenderCode: 'Kode Tender',
    tenderName: 'Nama Paket/Tender',
    phone: 'Nomor HP/WA yang dapat dihubungi',
    screenshot: 'Tangkapan layar tampilan kesalahan pada SPSE',
  },
  en: {
    committeeName: 'Committee name (Pokja Pemilihan)',
    userId: 'SPSE User ID',
    tenderCode: 'Tender code',
    tenderName: 'Package/tender name',
    phone: 'Phone/WhatsApp number we can call',
    screenshot: 'Screenshot of the error in SPSE',
  },
};

export const SYMPTOM_LABELS: ByLang<Record<Symptom, string>> = {
  id: {
    error_notification: 'muncul notifikasi "maaf operasi yang anda lakukan salah" / error',
    redirect_home: 'setiap aksi kembali ke halaman utama',
    endless_loading: 'proses loading tidak selesai',
    upload_failed: 'gagal mengunggah dokumen',
  },
  en: {
    error_notification: 'the notification "maaf operasi yang anda lakukan salah" (the operation you performed is wrong) or another error appears',
    redirect_home: 'every action returns to the home page',
    endless_loading: 'loading never finishes',
    upload_failed: 'uploading documents fails',
  },
};

export const STATE_LABELS: ByLang<Record<CaseState, string>> = {
  id: {
    checking: 'laporan sedang diperiksa (langkah 1)',
    awaiting_reporter: 'menunggu kelengkapan data dari pelapor (langkah 1)',
    in_progress: 'sedang ditangani Helpdesk LPSE (langkah 2)',
    solved: 'selesai ditangani Helpdesk LPSE (langkah 3)',
    escalating: 'eskalasi ke Helpdesk LKPP sedang disiapkan (langkah 4)',
    at_lkpp: 'telah dieskalasi, diperiksa Helpdesk LKPP (langkah 5)',
    lkpp_requested: 'Helpdesk LKPP meminta data atau akses server (langkah 6–7)',
    lkpp_checking: 'Helpdesk LKPP memeriksa data yang dikirim (langkah 8)',
    lkpp_handling: 'sedang ditangani Helpdesk LKPP (langkah 9)',
    lkpp_solved: 'selesai ditangani Helpdesk LKPP (langkah 10–11)',
    closed: 'ditutup',
  },
  en: {
    checking: 'report being checked (step 1)',
    awaiting_reporter: 'waiting for the reporter to complete the data (step 1)',
    in_progress: 'being handled by the LPSE helpdesk (step 2)',
    solved: 'solved by the LPSE helpdesk (step 3)',
    escalating: 'escalation to the LKPP helpdesk being prepared (step 4)',
    at_lkpp: 'escalated, being checked by the LKPP helpdesk (step 5)',
    lkpp_requested: 'the LKPP helpdesk asked for data or server access (steps 6–7)',
    lkpp_checking: 'the LKPP helpdesk is checking the data sent (step 8)',
    lkpp_handling: 'being handled by the LKPP helpdesk (step 9)',
    lkpp_solved: 'solved by the LKPP helpdesk (steps 10–11)',
    closed: 'closed',
  },
};

export const STEP_LABELS: ByLang<Record<StepId, string>> = {
  id: {
    '1a': 'menerima laporan dan memeriksa data pendukung',
    '1b': 'meminta kelengkapan data kepada pelapor',
    '1c': 'pelapor mengirim kelengkapan data',
    '2': 'menangani permasalahan',
    '3': 'memberitahukan penyelesaian kepada pelapor',
    '4': 'menyiapkan eskalasi ke Helpdesk LKPP',
    '5': 'Helpdesk LKPP menerima dan memeriksa eskalasi',
    '6': 'Helpdesk LKPP meminta data atau akses server',
    '7': 'mengirim data atau membuka akses server untuk Helpdesk LKPP',
    '8': 'Helpdesk LKPP memeriksa data yang dikirim',
    '9': 'Helpdesk LKPP menangani permasalahan',
    '10': 'meneruskan pemberitahuan penyelesaian dari Helpdesk LKPP kepada pelapor',
    '11': 'pelapor menerima pemberitahuan penyelesaian',
  },
  en: {
    '1a': 'receive the report and check the supporting data',
    '1b': 'ask the reporter for the missing data',
    '1c': 'the reporter sends the missing data',
    '2': 'handle the problem',
    '3': 'tell the reporter it is solved',
    '4': 'prepare the escalation to the LKPP helpdesk',
    '5': 'the LKPP helpdesk receives and checks the escalation',
    '6': 'the LKPP helpdesk asks for data or server access',
    '7': 'send the LKPP helpdesk the data or open server access',
    '8': 'the LKPP helpdesk checks what was sent',
    '9': 'the LKPP helpdesk handles the problem',
    '10': "pass the LKPP helpdesk's notice of resolution on to the reporter",
    '11': 'the reporter receives the notice of resolution',
  },
};

export const OWNER_LABELS: ByLang<Record<Owner, string>> = {
  id: { lpse: 'Helpdesk LPSE', reporter: 'pelapor', lkpp: 'Helpdesk LKPP' },
  en: { lpse: 'LPSE helpdesk', reporter: 'reporter', lkpp: 'LKPP helpdesk' },
};

export const PRIORITY_LABELS: ByLang<Record<Priority, string>> = {
  id: { tinggi: 'tinggi', sedang: 'sedang', rendah: 'rendah' },
  en: { tinggi: 'high', sedang: 'medium', rendah: 'low' },
};

export interface CommandHelp {
  /** The command word, with its '#'. */
  word: string;
  /** What may follow it on the line ('' for nothing). */
  args: string;
  /** One line on what it does. */
  desc: string;
}

/** The order in which the commands help lists the commands. */
export const COMMAND_ORDER: readonly CommandName[] = Object.freeze([
  'resolve',
  'escalate',
  'request_data',
  'reply',
  'note',
  'priority',
  'assign',
  'close',
  'reopen',
  'called',
  'lkpp_request',
  'data_sent',
  'lkpp_resolved',
  'help',
  'status',
  'new_case',
  'attach',
] satisfies CommandName[]);

export const COMMAND_HELP: ByLang<Record<CommandName, CommandHelp>> = {
  id: {
    resolve: {
      word: '#selesai',
      args: '[keterangan]',
      desc: 'permasalahan selesai ditangani LPSE (langkah 3); pelapor diberi tahu, keterangan setelah perintah ikut dikirim kepadanya',
    },
    escalate: {
      word: '#eskalasi',
      args: '',
      desc: 'eskalasi ke Helpdesk LKPP (langkah 4); draf surel eskalasi disiapkan untuk diperiksa dan dikirim',
    },
    request_data: {
      word: '#minta-data',
      args: '<data>',
      desc: 'meminta data kepada pelapor, misalnya "#minta-data user id, telepon, tangkapan layar"; tanpa nama data: semua yang belum ada',
    },
    reply: {
      word: '#balas',
      args: '<teks>',
      desc: 'mengirim teks kepada pelapor (boleh beberapa baris, sampai baris perintah berikutnya)',
    },
    note: { word: '#catatan', args: '<teks>', desc: 'catatan internal pada kasus; tidak dikirim kepada pelapor' },
    priority: { word: '#prioritas', args: 'tinggi|sedang|rendah', desc: 'menetapkan prioritas kasus' },
    assign: { word: '#tugaskan', args: '<nama atau alamat surel>', desc: 'menugaskan kasus kepada seorang petugas' },
    close: { word: '#tutup', args: '', desc: 'menutup kasus' },
    reopen: { word: '#buka', args: '', desc: 'membuka kembali kasus yang sudah selesai atau ditutup (kembali ke langkah 2)' },
    called: { word: '#ditelepon', args: '[catatan]', desc: 'mencatat bahwa konfirmasi melalui telepon sudah dilakukan' },
    lkpp_request: {
      word: '#lkpp-minta-data',
      args: '<teks>',
      desc: 'mencatat bahwa Helpdesk LKPP meminta data atau akses server (langkah 6)',
    },
    data_sent: {
      word: '#data-dikirim',
      args: '[teks]',
      desc: 'data atau akses server sudah dikirim ke Helpdesk LKPP (langkah 7); teks setelah perintah diteruskan ke LKPP',
    },
    lkpp_resolved: {
      word: '#lkpp-selesai',
      args: '[keterangan]',
      desc: 'Helpdesk LKPP menyatakan permasalahan selesai (langkah 9); pelapor diberi tahu oleh LPSE, keterangan LKPP hanya untuk petugas',
    },
    help: { word: '#bantuan', args: '', desc: 'menampilkan perintah yang berlaku untuk kasus ini sekarang' },
    status: { word: '#status', args: '', desc: 'menampilkan status kasus ini dan langkah yang sedang berjalan' },
    new_case: {
      word: '#kasus-baru',
      args: '',
      desc: 'dalam surel baru tanpa kode kasus: membuka kasus dari laporan melalui telepon atau tatap muka, diikuti baris data pelapor',
    },
    attach: {
      word: '#kasus',
      args: '<nomor kasus>',
      desc: 'dalam balasan atas pesan yang diteruskan tanpa kasus: melampirkan pesan tersebut pada kasus yang disebut',
    },
  },
  en: {
    resolve: {
      word: '#resolved',
      args: '[text]',
      desc: 'the LPSE solved the problem (step 3); the reporter is told, with the text after the command',
    },
    escalate: { word: '#escalate', args: '', desc: 'escalate to the LKPP helpdesk (step 4); an escalation draft is prepared for you to check and send' },
    request_data: {
      word: '#request-data',
      args: '<items>',
      desc: 'ask the reporter for data, e.g. "#request-data user id, phone, screenshot"; with no items: everything still missing',
    },
    reply: { word: '#reply', args: '<text>', desc: 'send text to the reporter (several lines allowed, up to the next command line)' },
    note: { word: '#note', args: '<text>', desc: 'an internal note on the case; not sent to the reporter' },
    priority: { word: '#priority', args: 'high|medium|low', desc: "set the case's priority (tinggi|sedang|rendah also work)" },
    assign: { word: '#assign', args: '<name or e-mail address>', desc: 'assign the case to a staff member' },
    close: { word: '#close', args: '', desc: 'close the case' },
    reopen: { word: '#reopen', args: '', desc: 'reopen a solved or closed case (back to step 2)' },
    called: { word: '#called', args: '[note]', desc: 'record that the phone confirmation was made' },
    lkpp_request: { word: '#lkpp-request', args: '<text>', desc: 'record that the LKPP helpdesk asked for data or server access (step 6)' },
    data_sent: {
      word: '#data-sent',
      args: '[text]',
      desc: 'the data or server access was sent to the LKPP helpdesk (step 7); the text after the command is passed on to LKPP',
    },
    lkpp_resolved: {
      word: '#lkpp-resolved',
      args: '[text]',
      desc: "the LKPP helpdesk reports the problem solved (step 9); the LPSE tells the reporter, LKPP's text is for staff only",
    },
    help: { word: '#help', args: '', desc: 'list the commands valid for this case now' },
    status: { word: '#status', args: '', desc: "show this case's state and the step that is running" },
    new_case: {
      word: '#new-case',
      args: '',
      desc: 'in a new mail without a case tag: open a case for a report taken by phone or in person, followed by the data lines',
    },
    attach: {
      word: '#case',
      args: '<case number>',
      desc: 'in a reply to a relayed message that has no case: attach that message to the case named',
    },
  },
};

export const REFUSAL_LABELS: ByLang<Record<RefusalReason, string>> = {
  id: {
    unknown_command: 'perintah tersebut tidak dikenal; mohon periksa kembali penulisannya',
    quoted_command:
      'perintah tersebut hanya terdapat di dalam kutipan (teks surel yang dibalas), sehingga tidak dihitung; tulis perintah di awal baris pada teks balasan Anda sendiri',
    unproven_sender:
      'surel ini tidak terbukti dikirim dari alamat Anda (pemeriksaan DMARC/DKIM/SPF server kami tidak lolos), sehingga perintah tidak dijalankan; jika Anda tidak mengirim surel ini, seseorang memalsukan alamat Anda',
    misplaced_command:
      'perintah tersebut tidak berada di awal baris, sehingga tidak dijalankan; tulis setiap perintah di awal baris tersendiri',
    not_allowed_for_role: 'alamat surel Anda tidak berwenang menggunakan perintah tersebut',
    not_allowed_in_state: 'perintah tersebut tidak berlaku untuk kasus pada status saat ini',
    bad_argument: 'isi perintah tidak lengkap atau tidak sesuai',
  },
  en: {
    unknown_command: 'the command is not known; please check its spelling',
    quoted_command:
      'the command appeared only in quoted text (the mail you replied to), so it does not count; write commands at the start of a line in your own new text',
    unproven_sender:
      "this mail is not proven to come from your address (our server's DMARC/DKIM/SPF check did not pass), so the command did not run; if you did not send it, someone forged your address",
    misplaced_command: 'the command was not at the start of a line, so it did not run; write each command at the start of its own line',
    not_allowed_for_role: 'your address may not use this command',
    not_allowed_in_state: "the command does not apply to the case in its current state",
    bad_argument: "the command's text is missing or not valid",
  },
};

/** What a refused command needs after it (reason bad_argument). */
export const BAD_ARGUMENT_HINTS: ByLang<Partial<Record<CommandName, string>>> = {
  id: {
    priority: 'tuliskan salah satu: tinggi, sedang, atau rendah, misalnya "#prioritas tinggi"',
    assign: 'tuliskan nama atau alamat surel salah satu petugas pada daftar pilihan, misalnya "#tugaskan Rina Wulandari"',
    reply: 'tuliskan teks yang akan dikirim kepada pelapor setelah perintah',
    request_data:
      'data laporan sudah lengkap; sebutkan data yang diminta (misalnya "#minta-data user id, tangkapan layar") atau tuliskan keterangan yang diperlukan',
    attach: 'perintah #kasus hanya berlaku dalam balasan atas pesan yang diteruskan tanpa kasus; surel ini sudah termasuk kasus tersebut',
    new_case: 'perintah #kasus-baru hanya berlaku dalam surel baru tanpa kode kasus pada subjek; tulis surel baru kepada helpdesk',
  },
  en: {
    priority: 'write one of high, medium or low, e.g. "#priority high"',
    assign: 'write the name or e-mail address of one staff member from the choices, e.g. "#assign Rina Wulandari"',
    reply: 'write the text to send to the reporter after the command',
    request_data: 'the report is complete; name the items you need (e.g. "#request-data user id, screenshot") or write what you need',
    attach: '#case is used in a reply to a relayed message that has no case; this mail already belongs to this case',
    new_case: '#new-case is used in a new mail without a case tag in the subject; write a new mail to the helpdesk',
  },
};

/** Why a screenshot could not be read (src/ocr/types.ts Unreadable), as staff and LKPP read it. */
export const UNREADABLE_SCREEN_LABELS: ByLang<Record<string, string>> = {
  id: {
    too_large: 'gambar terlalu besar untuk dibaca',
    corrupt: 'berkas gambar rusak',
    format: 'format gambar tidak dapat dibaca (misalnya HEIC)',
    no_picture: 'tidak ada gambar yang dapat dibaca di dalam dokumen',
    no_text: 'tidak ada tulisan yang terbaca pada gambar (bukan tangkapan layar SPSE)',
    timeout: 'pembacaan melewati batas waktu',
    memory: 'pembacaan melewati batas memori',
    engine_failed: 'pembacaan gagal',
  },
  en: {
    too_large: 'the picture is too large to read',
    corrupt: 'the picture file is damaged',
    format: 'the picture format cannot be read (e.g. HEIC)',
    no_picture: 'no readable picture inside the document',
    no_text: 'no text could be read in the picture (not an SPSE screenshot)',
    timeout: 'reading took longer than its time budget',
    memory: 'reading went over its memory cap',
    engine_failed: 'reading failed',
  },
};

export const TIMELINE_LABELS: ByLang<Record<string, string>> = {
  id: {
    case_opened: 'Laporan diterima, kasus dibuka',
    reporter_message: 'Pesan dari pelapor',
    command: 'Perintah petugas',
    command_refused: 'Perintah ditolak',
    state_changed: 'Status kasus berubah',
    escalation_sent: 'Eskalasi dikirim ke Helpdesk LKPP',
    escalation_assumed_sent: 'Eskalasi dianggap telah dikirim',
    lkpp_message: 'Pesan dari Helpdesk LKPP',
    secret_redacted: 'Kata sandi dalam pesan disamarkan',
    ignored: 'Pesan diabaikan',
    report: 'Laporan diterima',
    unknown_command: 'Perintah tidak dikenal',
    quoted_command: 'Perintah dalam kutipan diabaikan',
    outsider_message: 'Pesan dari luar kasus diteruskan ke petugas',
    message_id_clash: 'Dua pesan berbeda dengan Message-ID yang sama',
    mail_queued: 'Surel disiapkan untuk dikirim',
    mail_sent: 'Surel dikirim',
    draft_queued: 'Draf surel disiapkan',
    mail_bounced: 'Surel gagal terkirim',
    mail_failed: 'Surel ditolak server penerima',
    ack_withheld: 'Balasan otomatis ditahan (batas per jam seluruh kotak surat)',
    staff_notice_folded: 'Pemberitahuan petugas digabung ke ringkasan kasus baru',
    reply_capped: 'Balasan otomatis dibatasi',
    message_ignored: 'Pesan diabaikan',
    message_quarantined: 'Pesan dikarantina',
    phone_confirmed: 'Konfirmasi melalui telepon',
    clock_warning: 'Peringatan batas waktu kepada petugas',
    clock_breached: 'Batas waktu terlampaui, petugas diberi tahu',
    reporter_reminded: 'Pengingat kelengkapan data dikirim kepada pelapor',
    closed_no_response: 'Kasus ditutup karena tidak ada tanggapan pelapor',
    case_reopened: 'Kasus dibuka kembali',
    screenshot_read: 'Tangkapan layar dibaca',
    error_code_read: 'Kode Error terbaca dari tangkapan layar',
    error_code_disagreement: 'Kode Error pada tangkapan layar berbeda dengan surel',
    error_details_hidden: 'Rincian error belum dibuka pada tangkapan layar',
    error_code_unclear: 'Kode Error pada tangkapan layar tidak terbaca dengan pasti',
    case_archived: 'Arsip kasus ditulis',
    archive_failed: 'Arsip kasus gagal ditulis',
  },
  en: {
    case_opened: 'Report received, case opened',
    reporter_message: 'Message from the reporter',
    command: 'Staff command',
    command_refused: 'Command refused',
    state_changed: 'Case state changed',
    escalation_sent: 'Escalation sent to the LKPP helpdesk',
    escalation_assumed_sent: 'Escalation taken as sent',
    lkpp_message: 'Message from the LKPP helpdesk',
    secret_redacted: 'A password in a message was masked',
    ignored: 'Message ignored',
    report: 'Report received',
    unknown_command: 'Unknown command',
    quoted_command: 'Quoted command ignored',
    outsider_message: 'Message from outside the case relayed to staff',
    message_id_clash: 'Two different messages under one Message-ID',
    mail_queued: 'Mail queued for sending',
    mail_sent: 'Mail sent',
    draft_queued: 'Mail draft prepared',
    mail_bounced: 'Mail bounced',
    mail_failed: 'Mail refused by the receiving server',
    ack_withheld: 'Automatic reply withheld (hourly limit of the whole mailbox)',
    staff_notice_folded: 'Staff notice folded into the new-cases summary',
    reply_capped: 'Automatic reply capped',
    message_ignored: 'Message ignored',
    message_quarantined: 'Message quarantined',
    phone_confirmed: 'Phone confirmation',
    clock_warning: 'Staff warned of a due time',
    clock_breached: 'Time standard breached, staff told',
    reporter_reminded: 'Reminder sent to the reporter',
    closed_no_response: 'Closed: no response from the reporter',
    case_reopened: 'Case reopened',
    screenshot_read: 'Screenshot read',
    error_code_read: 'Error code read from the screenshot',
    error_code_disagreement: 'Error code in the screenshot differs from the mail',
    error_details_hidden: 'Error details not opened in the screenshot',
    error_code_unclear: 'Error code in the screenshot not read with certainty',
    case_archived: 'Case archive written',
    archive_failed: 'Case archive could not be written',
  },
};

export function commandWord(name: CommandName, lang: Lang): string {
  return COMMAND_HELP[lang][name].word;
}

export function timelineLabel(type: string, lang: Lang): string {
  const known = Object.hasOwn(TIMELINE_LABELS[lang], type) ? TIMELINE_LABELS[lang][type] : undefined;
  if (known !== undefined) return known;
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words === '' ? type : words.charAt(0).toUpperCase() + words.slice(1);
}
