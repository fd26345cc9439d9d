/**
 * Why a message was quarantined, in the language of the notice to staff. The reasons are
 * written in English where they arise (src/inbox/mime.ts, reading-budget.ts, the daemon's
 * intake) and stored so; a known one is said in Indonesian, and whatever technical detail it
 * carries (mailparser's own words, an error code) follows in parentheses as it was.
 *
 * Public surface:
 *   describeUnreadable(reason, lang): string
 */
import type { Lang } from '../outbox/labels';

const KNOWN: readonly { pattern: RegExp; id: (m: RegExpExecArray) => string }[] = [
  { pattern: /^empty file$/, id: () => 'berkas kosong, tidak berisi apa pun' },
  { pattern: /^binary data where the headers should be$/, id: () => 'bagian kepala surel (header) berisi data biner, bukan teks' },
  { pattern: /^no message headers found$/, id: () => 'tidak ditemukan kepala surel (header) yang ditulis oleh sistem surel' },
  { pattern: /^MIME structure could not be read \((.*)\)$/s, id: (m) => `struktur MIME surel tidak dapat dibaca (keterangan teknis: ${m[1] ?? ''})` },
  // reading.budgetSeconds may be a fraction (2.5): Indonesian writes its decimal comma.
  { pattern: /^reading took longer than (\d+(?:\.\d+)?) s$/, id: (m) => `pembacaan surel melebihi batas waktu ${(m[1] ?? '').replace('.', ',')} detik` },
  { pattern: /^processing failed (\d+) times: (.*)$/s, id: (m) => `pemrosesan gagal ${m[1] ?? ''} kali (keterangan teknis: ${m[2] ?? ''})` },
];

export function describeUnreadable(reason: string, lang: Lang): string {
  if (lang === 'en') return reason;
  for (const k of KNOWN) {
    const m = k.pattern.exec(reason);
    if (m) return k.id(m);
  }
  return `keterangan teknis: ${reason}`;
}
