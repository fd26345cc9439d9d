/**
 * Our own committee mails (fixtures/emails/*.eml), each read field by field against the reading
 * fixtures/emails/expected.json says a helpdesk person would give it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseRequestedItems } from '../../src/inbox/commands';
import { toContract } from '../../src/inbox/contract';
import { readMessage, type Reading } from '../../src/inbox/reading';
import { FIELD_KEYS, type Contract, type Fields } from '../../src/inbox/types';

interface Expected {
  description: string;
  kind: Contract['kind'];
  from: string | null;
  caseRef: string | null;
  inReplyTo?: string | null;
  references?: string[];
  fields: Fields;
  missing: Contract['missing'];
  symptoms: Contract['symptoms'];
  attachments?: Array<{ filename: string; contentType: string; size?: number; screenshot: boolean }>;
  commands: Contract['commands'];
  unknownCommands?: string[];
  quotedCommands?: string[];
  requestedItems?: string[];
  bouncedMessageIds?: string[];
  freshTextContains?: string[];
  freshTextExcludes?: string[];
}

const DIR = path.resolve(__dirname, '../../fixtures/emails');
const EXPECTED = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

test('every fixture mail has an expected reading, and every expectation a mail', () => {
  const mails = readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort();
  expect(Object.keys(EXPECTED).sort()).toEqual(mails);
});

describe.each(Object.entries(EXPECTED))('%s', (name, e) => {
  let reading: Reading;
  let contract: Contract;

  beforeAll(async () => {
    reading = await readMessage(readFileSync(path.join(DIR, name)), { tagPrefix: 'LPSE' });
    contract = toContract(reading);
  });

  test('kind', () => expect(contract.kind).toBe(e.kind));
  test('from', () => expect(contract.from).toBe(e.from));
  test('caseRef', () => expect(contract.caseRef).toBe(e.caseRef));
  test.each(FIELD_KEYS.map((k) => [k]))('fields.%s', (k) => expect(contract.fields[k]).toBe(e.fields[k]));
  test('missing', () => expect(contract.missing).toEqual(e.missing));
  test('symptoms', () => expect(contract.symptoms).toEqual(e.symptoms));
  test('commands', () => expect(contract.commands).toEqual(e.commands));

  if (e.inReplyTo !== undefined) test('inReplyTo', () => expect(contract.inReplyTo).toBe(e.inReplyTo));
  if (e.references) test('references', () => expect(contract.references).toEqual(e.references));
  if (e.unknownCommands) test('unknownCommands', () => expect(reading.unknownCommands).toEqual(e.unknownCommands));
  if (e.quotedCommands) test('quotedCommands', () => expect(reading.quotedCommands).toEqual(e.quotedCommands));
  if (e.bouncedMessageIds) test('bouncedMessageIds', () => expect(reading.bouncedMessageIds).toEqual(e.bouncedMessageIds));
  if (e.requestedItems) {
    test('requested items', () => expect(parseRequestedItems(contract.commands[0]?.args ?? '')).toEqual(e.requestedItems));
  }
  if (e.attachments) {
    const want = e.attachments;
    test('attachments', () => {
      expect(contract.attachments).toHaveLength(want.length);
      want.forEach((w, i) => {
        const got = contract.attachments[i];
        expect(got).toMatchObject(w);
        expect(got?.sha256).toMatch(/^[0-9a-f]{64}$/);
      });
    });
  }
  for (const s of e.freshTextContains ?? []) test(`fresh text contains ${JSON.stringify(s)}`, () => expect(contract.freshText).toContain(s));
  for (const s of e.freshTextExcludes ?? []) test(`fresh text lacks ${JSON.stringify(s)}`, () => expect(contract.freshText).not.toContain(s));
});
