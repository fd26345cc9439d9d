/**
 * Secrets in mail text: server root passwords travel by e-mail in the SOP (steps 4 and 7), but
 * design.md forbids storing, logging or printing them. The reading masks every value written
 * after a password label before any text leaves the inbox; the raw message stays the only copy.
 */

const MASK = '[disembunyikan]';

// "password: x", "Password root = x", "root password x", "kata sandi: x", "pwd=x", "sandinya adalah x".
const PASSWORD_VALUE =
  /(?<![\p{L}\p{N}])((?:root\s*)?(?:password|passwd|pass|pwd|kata\s*sandi|sandi)(?:nya)?(?![\p{L}])(?:\s*root)?(?:\s*(?:server|ssh|baru|spse|user|login))?(\s*[:=]\s*|\s+(?:(?:adalah|yaitu)\s*[:=]?\s*)?))(\S{3,})/giu;
// Words that follow "password" in a sentence without being one ("password salah", "password saya lupa").
const NOT_A_SECRET =
  /^(?:salah|sudah|telah|belum|tidak|tdk|lupa|baru|lama|yang|untuk|dan|atau|di|ke|ini|itu|saya|kami|anda|kita|bisa|harus|akan|sedang|is|was|has|for|and|the|reset|expired|kadaluarsa|diganti|berubah|benar|wrong|changed)[.,;:!?]*$/i;

/**
 * The text with every password value replaced by a mask. After a `:` or `=` any value is a
 * secret; after a bare space only one that looks like a password (digits or symbols), so that
 * "password root baru dikirim" stays a sentence.
 */
export function redactSecrets(text: string): string {
  return text.replace(PASSWORD_VALUE, (whole: string, label: string, separator: string, value: string) => {
    if (NOT_A_SECRET.test(value)) return whole;
    if (!/[:=]/.test(separator) && !/[\d\W_]/u.test(value.replace(/[.,;!?]+$/, ''))) return whole;
    return `${label}${MASK}`;
  });
}
