/**
 * The vocabulary of one message's reading: the shapes `parse --json` prints (design.md,
 * "the contract of one message's reading") and the names the rest of the inbox shares.
 */

export type Kind = 'human' | 'auto_reply' | 'bounce';

// The domain's names (symptoms, required items, fields, commands) are the workflow's; the
// reading uses the same ones so that what the parser finds is what the SOP decides on.
import type { CommandName, FieldName, Fields, MissingItem, Symptom } from '../workflow';

export type { CommandName, Fields, MissingItem, Symptom } from '../workflow';
export { MISSING_ORDER } from '../workflow';
export type FieldKey = FieldName;
export const FIELD_KEYS: readonly FieldKey[] = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'errorCode'];

/** The SOP's four symptoms of an application error (step 1a), in the order they are listed. */
export const SYMPTOMS: readonly Symptom[] = ['error_notification', 'redirect_home', 'endless_loading', 'upload_failed'];

export interface Command {
  name: CommandName;
  args: string;
}

/** One attachment as the contract prints it. */
export interface ContractAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  screenshot: boolean;
}

/** Exactly the object `parse --json` prints, keys in design.md's order. */
export interface Contract {
  messageId: string | null;
  from: string | null;
  subject: string;
  kind: Kind;
  caseRef: string | null;
  inReplyTo: string | null;
  references: string[];
  freshText: string;
  fields: Fields;
  missing: MissingItem[];
  symptoms: Symptom[];
  attachments: ContractAttachment[];
  commands: Command[];
}

export type { AttachmentReading } from './attachments';

/**
 * A committee's mail that reached us inside another's (a staff member forwarding it, inline or
 * as an attached .eml): read as the report its writer sent. `from` is the writer's address,
 * lowercase; `text` is what the writer wrote (the forwarder's words above it are not part of
 * it), passwords masked; `missing` counts the screenshots of the outer mail and of the attached one.
 */
export interface ForwardedMessage {
  from: string | null;
  fromName: string | null;
  subject: string;
  date: Date | null;
  text: string;
  fields: Fields;
  missing: MissingItem[];
  symptoms: Symptom[];
  via: 'inline' | 'attached';
}

/**
 * A report staff took by phone or at the desk and typed under `#kasus-baru` / `#laporan-telepon`:
 * the committee's address and name, the data lines, and the rest as the committee's description.
 */
export interface PhoneReport {
  reporter: string | null;
  reporterName: string | null;
  fields: Fields;
  missing: MissingItem[];
  symptoms: Symptom[];
  description: string;
}
