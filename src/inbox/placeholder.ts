/**
 * Placeholders: what committees write where a value belongs when they do not give it ("-",
 * "belum ada", "menyusul", "akan kami kirimkan kemudian", "lihat lampiran", "TBA", "(isi …)").
 * Such an item is still missing: stored, it would stop the bot asking for it, tell the committee
 * we have it and go into the escalation.
 */

// Whole values that stand for nothing: blanks and dashes, "n/a", "xxx", dots, an empty or
// instruction-only bracket ("[diisi]", "(isi nama paket)"), and the one-word absences.
const NOTHING =
  /^(?:[-–—_.?*=~\s/]+|n\/?a|none|nil|nihil|kosong|tidak ada|tdk ada|gak ada|belum ada|blm ada|belum|belum punya|tidak tahu|tidak tau|tdk tahu|lupa|menyusul|nanti|isi|diisi|isikan|tba|tbd|tbc|x{3,}|\.{2,}.*|…+|\[[^\]\d]*\]|<[^>\d]*>|\([^)\d]*\)|\{[^}\d]*\})$/i;

// Words that say the value is not given: it follows later, is in an attachment, is not known yet.
const ABSENT = new Set([
  'menyusul', 'susul', 'nyusul', 'disusulkan', 'kemudian', 'nanti', 'nantinya', 'segera', 'secepatnya', 'belum', 'blm',
  'lampiran', 'terlampir', 'dilampirkan', 'lampirkan', 'attached', 'attachment', 'later', 'follow', 'follows', 'tba', 'tbd',
  'kosong', 'nihil', 'none', 'unknown', 'lupa', 'menunggu', 'dicek', 'dicari', 'ditanyakan', 'dikonfirmasi', 'dikabari',
  'kabari', 'kabarkan', 'diinformasikan', 'informasikan', 'dilengkapi', 'lengkapi', 'isi', 'diisi', 'isikan', 'proses',
  'diproses', 'konfirmasi', 'tanyakan', 'lihat', 'see', 'cek', 'idem',
  // A pointer to another value ("sesuai kode tender", "sama dengan di atas") gives none of its own.
  'sesuai', 'sama', 'above',
  // A pointer to the attachment ("ada di screenshot", "lihat gambar") is no value either.
  'screenshot', 'ss', 'gambar', 'foto', 'tangkapan', 'file', 'berkas',
]);

// Words that go with those in such a phrase ("akan kami kirimkan kemudian", "see the attachment",
// "ada di screenshot terlampir"); a value with any other word is a real value.
const FILLER = new Set([
  'akan', 'kami', 'saya', 'kita', 'aku', 'kirim', 'kirimkan', 'dikirim', 'dikirimkan', 'kirimin', 'sampaikan', 'disampaikan',
  'ada', 'di', 'ke', 'dari', 'untuk', 'pada', 'dalam', 'lewat', 'via', 'oleh', 'seperti', 'email', 'e', 'mail',
  'atas', 'diatas', 'bawah', 'dibawah', 'sebelumnya', 'sebelum', 'dengan',
  'surel', 'berikutnya', 'selanjutnya', 'ya', 'yah', 'pak', 'bu', 'bapak', 'ibu', 'mas', 'mbak', 'dulu', 'masih', 'sedang',
  'lagi', 'nya', 'tersebut', 'ini', 'itu', 'berikut', 'dokumen', 'layar', 'data', 'datanya', 'mungkin', 'tidak', 'tdk',
  'hari', 'besok', 'lusa', 'pagi', 'siang', 'sore', 'malam', 'minggu', 'depan', 'ketua', 'sekretaris',
  'anggota', 'admin', 'ppk', 'pokja', 'tim', 'kode', 'nama', 'user', 'id', 'spse', 'tender', 'paket', 'lelang', 'hp', 'wa',
  'no', 'nomor', 'telp', 'anda', 'sini', 'disini', 'will', 'be', 'to', 'we', 'i', 'the', 'in', 'send', 'sent', 'soon',
  'not', 'yet', 'below', 'by', 'dan', 'atau', 'juga', 'sudah', 'yang',
]);

// What follows a placeholder explains it ("belum ada, masih menunggu ketua", "menyusul (sedang dicek)").
const EXPLANATION = /\s*(?:[,;(]|\s(?:karena|karna|krn|soalnya|sebab|because|since)\s)/i;
const MAX_PHRASE_WORDS = 10;

/** The value says the item is not given (yet), so the item stays missing. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (NOTHING.test(v)) return true;
  const cut = EXPLANATION.exec(v);
  const head = cut && cut.index > 0 ? v.slice(0, cut.index) : v;
  const words = head.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (words.length === 0 || words.length > MAX_PHRASE_WORDS) return words.length === 0;
  return words.some((w) => ABSENT.has(w)) && words.every((w) => ABSENT.has(w) || FILLER.has(w));
}
