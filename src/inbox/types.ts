/**
 * The vocabulary of one message's reading: the shapes `parse --json` prints (design.md,
 * "the contract of one message's reading") and the names the rest of the inbox shares.
 */

export type Kind = 'human' | 'auto_reply' | 'bounce';

/** The SOP's four symptoms of an application error (step 1a). */
export type Symptom = 'error_notification' | 'redirect_home' | 'endless_loading' | 'upload_failed';
export const SYMPTOMS: readonly Symptom[] = ['error_notification', 'redirect_home', 'endless_loading', 'upload_failed'];

/** The data a report must carry (step 1b), in the order design.md lists `missing`. */
export type MissingItem = 'committeeName' | 'userId' | 'tenderCode' | 'tenderName' | 'phone' | 'screenshot';
export const MISSING_ORDER: readonly MissingItem[] = [
  'committeeName',
  'userId',
  'tenderCode',
  'tenderName',
  'phone',
  'screenshot',
];

export interface Fields {
  committeeName: string | null;
  userId: string | null;
  tenderCode: string | null;
  tenderName: string | null;
  phone: string | null;
  errorCode: string | null;
}
export type FieldKey = keyof Fields;
export const FIELD_KEYS: readonly FieldKey[] = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'errorCode'];

export type CommandName =
  | 'resolve'
  | 'escalate'
  | 'request_data'
  | 'reply'
  | 'note'
  | 'priority'
  | 'assign'
  | 'close'
  | 'reopen'
  | 'lkpp_request'
  | 'data_sent'
  | 'lkpp_resolved'
  | 'called';

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
