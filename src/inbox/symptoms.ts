/**
 * Symptoms: which of the SOP's four application errors (step 1a) a report describes, from its
 * subject and fresh text, in the many ways committees phrase them ("muncul notifikasi error",
 * "selalu kembali ke halaman awal", "loading terus tidak berhenti", "dokumen gagal diupload").
 * All patterns are bounded so that a long line cannot make them backtrack.
 */
import { foldForMatch } from './text';
import { SYMPTOMS, type Symptom } from './types';

const ERR = String.raw`(?:error|eror|erorr|kesalahan|galat)`;
const GAP = String.raw`[^.!?\n]{0,40}?`;
const WORDS = String.raw`(?:\S+\s+){0,4}?`;

const PATTERNS: Record<Symptom, RegExp[]> = {
  error_notification: [
    /operasi\s*(?:yang|yg)?\s*(?:anda|kamu|sdr|saudara)?\s*lakukan\s*(?:itu\s*)?salah/,
    /maaf,?\s*operasi/,
    /operation you (?:have )?performed (?:is|was) (?:wrong|incorrect|invalid)/,
    new RegExp(String.raw`terjadi\s+(?:sebuah\s+|suatu\s+)?${ERR}`),
    new RegExp(String.raw`(?:muncul|keluar|tampil|ada|mendapat|dapat|menampilkan|memunculkan)\s+(?:pesan\s+|notifikasi\s+|notif\s+|tulisan\s+|keterangan\s+|peringatan\s+|pemberitahuan\s+|layar\s+|halaman\s+)?${ERR}`),
    new RegExp(String.raw`(?:pesan|notifikasi|notif|tulisan|keterangan|peringatan|pemberitahuan|halaman|layar|tampilan)\s+${ERR}`),
    /(?:error|eror)\s+(?:message|notification|page|muncul)/,
    /(?:error|eror)\s+(?:pada|di|dalam)\s+(?:aplikasi|spse|sistem|sistim)/,
    /(?:aplikasi|spse|sistem|system|application)\s+(?:selalu\s+|sedang\s+|mengalami\s+|menampilkan\s+)*(?:error|eror)/,
    /(?:an\s+)?error\s+(?:has\s+)?occur(?:r)?ed/,
    /internal server error|\berror\s*(?:500|502|503|404)\b/,
    /kode\s*(?:error|eror)/,
  ],
  redirect_home: [
    /(?:kembali|balik|dikembalikan|terlempar|dilempar|terpental|mental|diarahkan|dialihkan|redirect(?:ed)?|ter-?redirect|pindah|terbawa|langsung)\s+(?:lagi\s+|sendiri\s+|otomatis\s+|terus\s+)*(?:ke\s+)?(?:halaman\s+|page\s+|menu\s+|tampilan\s+|laman\s+|layar\s+)?(?:home|beranda|awal|utama|depan|login|pertama|homepage|dashboard)\b/,
    /(?:back|return(?:s|ed)?|redirect(?:s|ed)?|sent back|kicked back|thrown back)\s+(?:to\s+)?(?:the\s+)?(?:home|main|first|start|login|landing)\s*(?:page|screen)?\b/,
    /(?:ter-?logout|logout\s+sendiri|keluar\s+sendiri)/,
  ],
  endless_loading: [
    new RegExp(
      String.raw`(?<![a-z])(?:loading|loding|memuat|load)\w*${GAP}(?:terus|tidak\s+(?:kunjung\s+)?(?:selesai|berhenti|henti|pernah\s+selesai)|tdk\s+(?:selesai|berhenti)|gak\s+(?:selesai|berhenti)|ga\s+(?:selesai|berhenti)|nggak\s+(?:selesai|berhenti)|tak\s+(?:kunjung|selesai|berhenti)|tanpa\s+henti|berhenti-henti|lama\s+(?:sekali|banget|bgt)|muter|berputar|stuck|macet|hang\b|never|forever|does\s*n[o']?t\s+stop|infinite|endless)`,
    ),
    /(?:stuck|macet|hang|berhenti|tertahan)\s+(?:di\s+|pada\s+|saat\s+)?(?:loading|proses\s+loading|memuat)/,
    /(?:keeps?|kept|continuously|infinite|endless|never[- ]ending|terus)\s+(?:-\s*)?(?:loading|memuat)/,
    /muter[- ]muter|berputar[- ]putar|tidak\s+selesai-selesai|(?:muter|berputar)\s+(?:terus|saja|aja)/,
    /(?:hanya|cuma|cuman|cuma\s+bisa)\s+loading/,
  ],
  upload_failed: [
    new RegExp(
      String.raw`(?:gagal|tidak\s+bisa|tidak\s+dapat|tdk\s+bisa|tdk\s+dapat|gak\s+bisa|ga\s+bisa|nggak\s+bisa|tidak\s+berhasil|belum\s+bisa|susah|error|eror|bermasalah|kendala|failed\s+to|fail\s+to|cannot|can'?t|unable\s+to|could\s*n[o']?t)\s+${WORDS}(?:meng|di-?\s?|ter)?(?:upload|unggah|uploading)`,
    ),
    new RegExp(
      String.raw`(?:upload|unggah|mengunggah|mengupload|meng-upload|diupload|diunggah)\w*\s+${WORDS}(?:gagal|tidak\s+berhasil|tidak\s+bisa|tidak\s+dapat|tdk\s+bisa|error|eror|failed|fails|failure|bermasalah|terkendala|tidak\s+masuk|tidak\s+tersimpan|tidak\s+terkirim)`,
    ),
    /(?:upload|unggah)\w*\s*(?:failed|failure|error|gagal|eror)/,
    /(?:tidak|tdk|gak|belum)\s+(?:ter|ke)(?:upload|unggah)/,
  ],
};

// "tidak muncul notifikasi error" and "tanpa pesan error" deny the symptom they mention.
const NEGATION = /(?:^|\s)(?:tidak|tdk|tanpa|bukan|belum|no|not|without|never|ga|gak|nggak|tak)\s+(?:\S+\s+)?$/;
const NEGATABLE: ReadonlySet<Symptom> = new Set<Symptom>(['error_notification', 'redirect_home']);
// A person reads a report's first pages, not a pasted log of megabytes.
const MAX_CHARS = 200_000;

function mentions(text: string, symptom: Symptom): boolean {
  for (const re of PATTERNS[symptom]) {
    const global = new RegExp(re.source, 'g');
    for (const m of text.matchAll(global)) {
      const before = text.slice(Math.max(0, (m.index ?? 0) - 30), m.index ?? 0);
      if (!NEGATABLE.has(symptom) || !NEGATION.test(before)) return true;
    }
  }
  return false;
}

/** The symptoms described in the subject and fresh text, in the SOP's order. */
export function detectSymptoms(subject: string, freshText: string): Symptom[] {
  const text = foldForMatch(`${subject}\n${freshText}`.slice(0, MAX_CHARS));
  return SYMPTOMS.filter((s) => mentions(text, s));
}
