/**
 * A report staff took by phone or at the desk (the SOP takes reports by phone, walk-in and TTS
 * as well as e-mail) and wrote to the helpdesk under `#kasus-baru` / `#laporan-telepon`: the
 * committee's address and name, the usual data lines, and the rest as its description. Read
 * with the report's own readers; only the lines after the command are the committee's.
 */
import { commandOfLine, isCommandLine } from './commands';
import { describe } from './description';
import { extractFields } from './fields';
import type { TextLine } from './fresh-text';
import { detectSymptoms } from './symptoms';
import { MISSING_ORDER, type Fields, type MissingItem, type PhoneReport } from './types';
import { redactValues } from '../workflow/redact';
import { matchesIn } from './matches';

// Staff type a phone report in a few lines; a longer text after the command is read this far.
const MAX_LINES = 400;
const BULLET_START = /^(?:[-*+•·◦▪►➢✓√→]|\(?\d{1,2}[.)])?[\s*_]*/;
const EMAIL_LINE = /^(?:alamat\s+)?(?:e-?mail|surel)(?:\s+(?:pelapor|pokja|panitia|pic))?[*_]*\s*[:=]\s*(.*)$/i;
const NAME_LINE = /^(?:nama(?:\s+(?:pelapor|lengkap))?|pelapor|reporter|name)[*_]*\s*[:=]\s*(.*)$/i;
const ADDRESS_SOURCE = String.raw`[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}`;
const ADDRESS = new RegExp(ADDRESS_SOURCE, 'u');
const ADDRESSES = new RegExp(ADDRESS_SOURCE, 'gu');
/** A line that is only addresses (the committee's, on the command line) describes nothing. */
const onlyAddresses = (text: string): boolean => /[\p{L}\p{N}]/u.test(text) && text.replace(ADDRESSES, '').replace(/[\s<>,;.]/g, '') === '';
// A person's or a committee's name: letters, a few marks, a committee's number at the end.
const PERSON = /^[\p{L}][\p{L} .,'’-]{1,58}(?:\s(?:\d{1,3}|[IVX]{1,5}))?$/u;
const CONTACT_BEFORE = /(?:kontak|kontaknya|e-?mail|surel|alamat|pelapor|contact)\W{0,3}$/i;
const COMMITTEE_WORD = /(?:^|\s)(?:pokja|pokmil|panitia|ukpbj|ulp|kelompok\s+kerja)(?=\s|$)/i;
const SENTENCE = /(?:^|\s)(?:tidak|tdk|bisa|error|eror|gagal|mohon|sudah|belum|yang|akan|dengan|untuk|melalui|via|telepon|menelepon)(?=\s|$)/i;

/** The name on a "Nama:" / "Pelapor:" line, when it reads as a person's or a committee's. */
function personName(value: string): string | null {
  const v = (value.split(/\(|,|\s[-–]\s/)[0] ?? '').replace(/[*_"]/g, '').trim();
  return v.length <= 60 && PERSON.test(v) && !SENTENCE.test(v) ? v : null;
}

export interface PhoneReportInput {
  lines: readonly TextLine[];
  /** The staff member who wrote the mail: their own address is not the committee's. */
  sender: string | null;
  own: readonly string[];
  /** The mail carries a screenshot (staff attach the one the committee sent them). */
  screenshot: boolean;
}

/** The report under the first new-case command of the sender's own lines, or null when there is none. */
export function readPhoneReport(input: PhoneReportInput): PhoneReport | null {
  const own = input.lines.filter((l) => l.zone === 'fresh' && !l.forwarded);
  const at = own.findIndex((l) => commandOfLine(l.text) === 'new_case');
  if (at < 0) return null;
  // The command's own line may carry data after the word ("#kasus-baru pokja3@batangkab.go.id").
  const opening = (own[at]?.text ?? '').replace(/^[^#]*#[\p{L}\p{N}_-]+[\s:,.-]*/u, '');
  const after: TextLine[] = [{ text: opening, zone: 'fresh' }];
  for (const l of own.slice(at + 1, at + 1 + MAX_LINES)) {
    if (isCommandLine(l.text)) break;
    after.push(l);
  }
  const texts = after.map((l) => l.text);
  const not = new Set([...(input.sender ? [input.sender] : []), ...input.own]);

  let reporter: string | null = null;
  let reporterName: string | null = null;
  for (const t of texts) {
    const line = t.trim().replace(BULLET_START, '');
    const email = EMAIL_LINE.exec(line);
    const labelled = email ? ADDRESS.exec(email[1] ?? '')?.[0].toLowerCase() : undefined;
    if (labelled && !not.has(labelled)) reporter ??= labelled;
    const name = NAME_LINE.exec(line);
    if (name) reporterName ??= personName(name[1] ?? '');
  }
  // Unlabelled, only an address on the command's line, alone on a line, or right after a contact
  // word ("kontak pokja5@…"): another inside a sentence ("sudah mengadu ke pengaduan@…") is
  // somebody else's, and the acknowledgment must not go there.
  const unlabelled = texts.flatMap((t, i) =>
    [...matchesIn(ADDRESSES, t)]
      .filter((m) => i === 0 || onlyAddresses(t) || CONTACT_BEFORE.test(t.slice(Math.max(0, (m.index ?? 0) - 24), m.index ?? 0)))
      .map((m) => m[0].toLowerCase()),
  );
  reporter ??= unlabelled.find((a) => !not.has(a)) ?? null;

  const fields: Fields = redactValues(extractFields(after));
  // "Nama: Pokja Pemilihan 2" names the committee itself: staff wrote it, the committee is not asked again.
  if (fields.committeeName === null && reporterName !== null && COMMITTEE_WORD.test(reporterName)) fields.committeeName = reporterName;
  const missing: MissingItem[] = MISSING_ORDER.filter((item) => (item === 'screenshot' ? !input.screenshot : fields[item] === null));
  const symptoms = detectSymptoms('', texts.join('\n'));
  if (fields.errorCode !== null && !symptoms.includes('error_notification')) symptoms.unshift('error_notification');
  return { reporter, reporterName, fields, missing, symptoms, description: describe(texts.filter((t) => !onlyAddresses(t)), fields) };
}
