/**
 * Symptoms: which of the SOP's four application errors (step 1a) a report describes, in the
 * SOP's own words and the ways committees write them:
 *   1. the notification "[::] maaf operasi yang anda lakukan salah" (and any error message);
 *   2. no notification, every action goes back to the home page ("kembali ke halaman awal",
 *      "balik ke beranda", "disuruh login lagi");
 *   3. loading never ends ("proses loading tidak berakhir", "loading terus", "muter-muter");
 *   4. uploading documents fails ("gagal upload", "tidak mau terunggah", "upload <a long file
 *      name> gagal", "dokumen tidak tersimpan").
 * The text is folded first (lowercase, one space). Every gap between two words of a phrase is a
 * bounded run of whole words that ends inside the sentence, so no pattern backtracks over more
 * than a few words: matching stays linear in the text.
 */
import { foldForMatch } from './text';
import { SYMPTOMS, type Symptom } from './types';

/** Words that deny what follows them ("tidak", "belum", "no"): a gap never runs through one. */
const NEGATOR = String.raw`(?:tidak|tdk|gak|ga|nggak|ngga|enggak|tak|belum|blm|bukan|tanpa|no|not|never|without)`;
/** Words that turn a sentence ("diupload, tetapi tidak bisa dibuka"): what follows is another matter. */
const BUT = String.raw`(?:tapi|tetapi|namun|but|however|sedangkan|setelah|sesudah|lalu|kemudian)`;
/**
 * Up to `n` whole words inside one sentence, none of them a negator: "upload dokumen penawaran
 * paket_rehab_jalan_v2.pdf gagal" reads, "upload berhasil. login gagal" and "upload tidak gagal" do not.
 */
const gap = (n: number): string => String.raw`(?:(?!(?:${NEGATOR}|${BUT}) )[^ .,!?;:]+(?:\.[^ .,!?;:]+)* ){0,${n}}`;

const ERR = String.raw`(?:error|eror|erorr|errorr|kesalahan|galat)`;
// "ada kesalahan ketik" and "kesalahan data dari kami" are a person's mistakes, not SPSE's message.
const NOT_A_TYPO = String.raw`(?! (?:ketik|pengetikan|penulisan|tulis|input|pengisian|data|nama|kode|alamat|kami|saya|dari kami|dalam penulisan|pada (?:data|nama|kode|penulisan)))`;
// A mail system's wording about a mail it could not deliver: "an error occurred while delivering".
const NOT_MAIL = String.raw`(?! (?:while|when) (?:trying to )?(?:deliver|send|sending|delivering|relaying|transmitting))`;

const UPLOAD = String.raw`(?:meng-?|di-?|ter-?|ke-?)?(?:upload|unggah|uplod|aplod|uploud)\w*`;
const UPLOAD_FAIL = String.raw`(?:gagal|tidak berhasil|tdk berhasil|tidak bisa|tidak dapat|tdk bisa|tdk dapat|gak bisa|ga bisa|nggak bisa|tidak mau|tdk mau|gak mau|ga mau|nggak mau|tidak pernah berhasil|belum berhasil|error|eror|failed|fails|failing|failure|won'?t (?:go through|work|finish)|bermasalah|terkendala|ditolak|tidak masuk|tidak tersimpan|tidak terkirim|tidak terunggah|tidak terupload|tidak jalan|tidak berjalan|selalu gagal)`;
// "tidak upload" and "belum upload" say what was not done; "tidak bisa" / "tidak mau" say it failed.
const CANNOT = String.raw`(?:(?:tidak|tdk|gak|ga|nggak|belum)(?: juga| lagi| pernah)? (?:bisa|dapat|mau|berhasil)|gagal|susah|sulit|failed to|fail to|fails to|cannot|can'?t|unable to|could ?n[o']?t|won'?t|not able to)`;
// Not "lampiran": an attachment that did not arrive is about the mail, not about SPSE.
const DOCUMENT = String.raw`(?:dokumen|dok|file|berkas|document|documents|files)\w*`;

const LOADING = String.raw`(?<![a-z])(?:loading|loding|lodingnya|memuat|load)\w*`;
const NEVER_ENDS = String.raw`(?:tidak|tdk|gak|ga|nggak|ngga|tak)(?: juga| pernah| kunjung| mau)? (?:selesai|berhenti|henti|berakhir|beres|kelar|usai|hilang)|tak kunjung|tanpa (?:henti|akhir|ujung)|tiada (?:henti|akhir)|(?:ber)?jam-jam|berhenti-henti|selesai-selesai|lama (?:sekali|banget|bgt|sekali tidak)|muter|berputar|stuck|macet|hang\b|never (?:ends?|finish\w*|stops?|completes?)|forever|does ?n[o']?t (?:stop|end|finish)|(?:is|was) endless`;

const MOVE_HOME = String.raw`(?:kembali|balik|dikembalikan|terlempar|dilempar|kelempar|terpental|mental|terlontar|ditendang|ketendang|tertendang|diarahkan|dialihkan|teralihkan|redirect(?:ed)?|ter-?redirect|pindah|terbawa|langsung|selalu)`;
const HOME = String.raw`(?:home|homepage|beranda|awal|utama|depan|login|log in|pertama|dashboard|muka|halaman masuk)`;
// "saya kembali ke halaman utama lalu klik paket" tells what the writer did, not what SPSE does.
const NOT_BY_CHOICE = String.raw`(?<!(?:^|[^a-z])(?:saya|kami|aku|sy|silakan|silahkan|mohon|harap|bisa|dapat|untuk|agar|sebelum) )`;

const PATTERNS: Record<Symptom, RegExp[]> = {
  error_notification: [
    /\b(?:maaf,? )?operasi (?:yang |yg )?(?:anda |kamu |sdr |saudara |bapak\/ibu |bapak |ibu )?(?:telah )?(?:lakukan|dilakukan|lakukann) (?:itu |tersebut |tadi )?salah/,
    /\bmaaf,? operasi (?:yang|yg|anda)/,
    /operation you (?:have )?(?:performed|did|made) (?:is|was) (?:wrong|incorrect|invalid)/,
    new RegExp(String.raw`\b(?:terjadi|terdapat|mengalami) (?:sebuah |suatu |ada )?${ERR}${NOT_A_TYPO}`),
    new RegExp(String.raw`\b(?:muncul|keluar|tampil|timbul|ada|mendapat|dapat|menampilkan|memunculkan|mendapatkan|ketemu) (?:lagi |selalu |terus |sebuah |suatu |kotak )?(?:pesan |notifikasi |notif |tulisan |keterangan |peringatan |pemberitahuan |layar |halaman |pop-?up |popup |jendela )?(?:merah )?${ERR}${NOT_A_TYPO}`),
    new RegExp(String.raw`\b(?:pesan|notifikasi|notif|tulisan|keterangan|peringatan|pemberitahuan|halaman|layar|tampilan|pop-?up|popup) (?:nya )?${ERR}`),
    /\b(?:error|eror) (?:message|notification|page|muncul|keluar|terus|lagi|saat|ketika|waktu|setiap)/,
    /\b(?:error|eror|kesalahan) (?:pada|di|dalam) (?:aplikasi|spse|sistem|sistim|halaman|menu|server)/,
    /(?<!mail )(?<!e-?mail )\b(?:aplikasi|spse|sistem|system|application|halamannya|servernya) (?:selalu |sedang |mengalami |menampilkan |jadi |langsung |tiba-tiba )*(?:error|eror)/,
    new RegExp(String.raw`\b(?:an )?error (?:has )?occur(?:r)?ed${NOT_MAIL}`),
    /internal server error|\b(?:error|http) ?(?:500|502|503|504|404)\b|\b(?:500|503) (?:internal|service unavailable)/,
    /kode (?:error|eror) ?:? ?[a-z0-9]*\d[a-z0-9-]{3,}/,
    /\[\s?:{1,4}\s?\] ?maaf/,
  ],
  redirect_home: [
    new RegExp(String.raw`${NOT_BY_CHOICE}\b${MOVE_HOME} (?:lagi |sendiri |otomatis |terus |kembali |langsung |begitu saja |dengan sendirinya ){0,3}(?:ke |kepada |menuju |to )?(?:halaman |page |menu |tampilan |laman |layar |posisi |form )?${HOME}\b`),
    /\b(?:back|returns?|returned|redirect(?:s|ed)?|sent back|kicked back|kicked out|thrown back|taken back|goes back|go back) (?:me |us |again )?(?:to )?(?:the )?(?:home|main|first|start|login|landing|log-in|sign-in)(?: ?page| ?screen)?\b/,
    /\b(?:ter-?logout|ke-?logout|logout sendiri|log out sendiri|keluar sendiri|logged out (?:automatically|by itself|every time|each time|again))/,
    /\b(?:harus|disuruh|diminta|dipaksa|minta|meminta|suruh|muncul) (?:untuk |saya |kami )?(?:login|log in|masuk) (?:lagi|ulang|kembali)/,
    /\b(?:setiap|tiap|sehabis|habis) (?:kali )?(?:klik|aksi|tindakan|simpan|menyimpan|pindah menu)\w* (?:\S+ ){0,3}(?:kembali|balik|ke halaman (?:awal|utama|login|depan))/,
  ],
  endless_loading: [
    new RegExp(String.raw`${LOADING} (?:nya |lagi |saja |aja |sih )?(?:terus|trus|terus-?menerus|melulu|mulu)\b`),
    new RegExp(String.raw`${LOADING} ${gap(6)}(?:${NEVER_ENDS})`),
    /\b(?:stuck|macet|hang|berhenti|tertahan|terhenti|nyangkut|mandek) (?:terus |saja |aja )?(?:di |pada |saat |ketika |di proses |pada proses |at |on )?(?:halaman |tahap |proses )?(?:loading|memuat)/,
    /\b(?:keeps?|kept|continuously|infinite|endless|never[- ]ending|terus|selalu) (?:on )?(?:-\s?)?(?:loading|memuat)/,
    /muter[- ]?muter|muter2|berputar[- ]putar|putar-putar|tidak selesai-selesai|(?:muter|berputar|loading|spinning|spinner) (?:terus|saja|aja|tanpa henti|forever|all the time)/,
    /\b(?:hanya|cuma|cuman|cuma bisa|cuma muncul|hanya muncul|only) (?:tampil |tampilan )?(?:loading|memuat)/,
    /\b(?:proses|halaman|page|the page) (?:\S+ ){0,4}(?:tidak|tdk|tak|gak) (?:juga |kunjung |pernah )?(?:berakhir|selesai loading|selesai dimuat|terbuka-buka)/,
    /never (?:finish(?:es)? loading|loads|stops loading)/,
  ],
  upload_failed: [
    new RegExp(String.raw`\b${CANNOT} ${gap(3)}${UPLOAD}`),
    new RegExp(String.raw`(?<![a-z])${UPLOAD} ${gap(8)}${UPLOAD_FAIL}`),
    new RegExp(String.raw`(?<![a-z])${UPLOAD} ?(?:failed|failure|error|gagal|eror)`),
    /\b(?:tidak|tdk|gak|ga|belum) (?:mau |bisa |pernah )?(?:ter|ke|ke-)(?:upload|unggah)/,
    new RegExp(String.raw`\b${DOCUMENT} ${gap(4)}(?:tidak|tdk|gak|ga|nggak|tak) (?:bisa |mau |juga |pernah |dapat )?(?:tersimpan|disimpan|masuk|terunggah|terupload|saved|uploaded)`),
    new RegExp(String.raw`\b(?:gagal|tidak bisa|tidak dapat) (?:menyimpan|simpan|melampirkan|mengirim|mengirimkan) ${gap(2)}${DOCUMENT}`),
    new RegExp(String.raw`\b${DOCUMENT} (?:is |are |was |were )?(?:not|never) (?:being )?(?:saved|uploaded)`),
  ],
};

/**
 * A symptom named right after a denial: "tidak ada notifikasi error", "sudah tidak loading terus
 * lagi", "tanpa pesan error". Read in the words since the last punctuation before the match.
 */
const DENIED = new RegExp(String.raw`(?:^| )${NEGATOR}(?: (?:ada|lagi|pernah|muncul|terjadi|mengalami|ada lagi|sempat|any|an|a))* (?:\S+ )?$`);
const LOOK_BEHIND = 40;
// A person reads a report's first pages, not a pasted log of megabytes.
const MAX_CHARS = 200_000;

function denied(text: string, at: number): boolean {
  const window = text.slice(Math.max(0, at - LOOK_BEHIND), at);
  const sentence = window.slice(Math.max(window.lastIndexOf(','), window.lastIndexOf('.'), window.lastIndexOf(';'), window.lastIndexOf('!'), window.lastIndexOf('?')) + 1);
  return DENIED.test(sentence.startsWith(' ') ? sentence : ` ${sentence}`);
}

// Each pattern's global twin, made once: a RegExp made per call (or the copy matchAll makes)
// starts again in V8's regexp interpreter, several times slower than the compiled one.
const GLOBAL_PATTERNS = Object.fromEntries(Object.entries(PATTERNS).map(([s, res]) => [s, res.map((re) => new RegExp(re.source, 'g'))])) as Record<Symptom, RegExp[]>;

function mentions(text: string, symptom: Symptom): boolean {
  for (const re of GLOBAL_PATTERNS[symptom]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (!denied(text, m.index)) return true;
      if (m[0] === '') re.lastIndex++;
    }
  }
  return false;
}

/**
 * The symptoms described in `subject` (pass '' when the subject is not the writer's own: see
 * reading.ts, `writersSubject`) and the fresh text, in the SOP's order.
 */
export function detectSymptoms(subject: string, freshText: string): Symptom[] {
  const text = foldForMatch(`${subject}\n${freshText}`.slice(0, MAX_CHARS));
  return SYMPTOMS.filter((s) => mentions(text, s));
}
