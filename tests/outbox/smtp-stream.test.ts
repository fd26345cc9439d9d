// The SMTP transport streams the row's message as built (nodemailer's stream transport stands in
// for the server here); a file that vanishes while it is read is our failure, not the server's:
// the send is retried later and the transport is not held as if the server were down.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { fromFilesDir, messageOf, type MessageParts } from '../../src/outbox/message';
import { SendError, type OutboxHead } from '../../src/outbox/outbox';
import { SmtpTransport } from '../../src/outbox/smtp';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-smtp-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function row(files: MessageParts['files']): OutboxHead & MessageParts {
  return {
    id: 7,
    idempotencyKey: 'k7',
    caseId: null,
    kind: 'escalation',
    messageId: '<e7@lpse.test>',
    fromAddr: 'helpdesk@lpse.test',
    toAddrs: ['lkpp@lpse.test'],
    ccAddrs: [],
    subject: '[LPSE#2026-0007] Eskalasi permasalahan SPSE',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    createdAt: new Date('2026-11-26T02:00:00Z'),
    sentAt: null,
    sentCopyAt: null,
    bouncedAt: null,
    bounceMessageId: null,
    inReplyTo: null,
    references: [],
    autoSubmitted: null,
    files,
    text: 'Mohon bantuan pemeriksaan server SPSE.\n',
    html: '<p>Mohon bantuan pemeriksaan server SPSE.</p>',
    raw: null,
  };
}

function keep(content: Buffer) {
  const sha256 = createHash('sha256').update(content).digest('hex');
  storeAttachment(dir, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  return { sha256, filename: 'layar-error.png', contentType: 'image/png', size: content.length, file: path.join(dir, sha256.slice(0, 2), sha256) };
}

const cfg = loadConfig(DEFAULT_CONFIG_PATH);
const source = () => fromFilesDir(dir, 'Helpdesk LPSE Kabupaten Batang');

it('hands the server the message as built, with the row envelope', async () => {
  const { file: _file, ...shot } = keep(randomBytes(300_000));
  const server = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const sent = jest.spyOn(server, 'sendMail');
  const smtp = new SmtpTransport(cfg, 'x', server);
  const r = row([shot]);
  await smtp.send(r, messageOf(r, source()));
  const info = (await sent.mock.results[0]!.value) as { message: Buffer; envelope: { from: string; to: string[] } };
  expect(info.envelope).toEqual({ from: 'helpdesk@lpse.test', to: ['lkpp@lpse.test'] });
  expect(info.message.equals(await messageOf(r, source()).buffer())).toBe(true);
  expect(smtp.unavailable).toBeNull();
});

it('a file gone while the message is read fails this send only, for a retry', async () => {
  const { file, ...shot } = keep(randomBytes(50_000));
  const smtp = new SmtpTransport(cfg, 'x', nodemailer.createTransport({ streamTransport: true, buffer: true }));
  const r = row([shot]);
  const message = messageOf(r, source());
  fs.rmSync(file);
  const failure = await smtp.send(r, message).then(
    () => null,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(SendError);
  expect(failure).toMatchObject({ permanent: false, message: expect.stringMatching(/^message could not be read: .*ENOENT/) });
  expect(smtp.unavailable).toBeNull();
  // The retry builds the message again: without the file, sent.
  await expect(smtp.send(r, messageOf(r, source()))).resolves.toBeUndefined();
});
