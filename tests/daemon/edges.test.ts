// The daemon's edges, without servers: what IMAP and SMTP errors mean, and how long it waits.
import { AuthenticationFailure } from 'imapflow';
import { backoffDelay, RECONNECT, StopSignal, Wakeup } from '../../src/daemon/backoff';
import { classifyImapError, fromServerOrSocket, ImapProblem } from '../../src/daemon/imap-client';
import { JobsLane } from '../../src/daemon/jobs-lane';
import { classifySmtpError } from '../../src/outbox/smtp';

describe('classifyImapError', () => {
  it('a refused login is auth_failed; a temporarily unavailable login server is not', () => {
    const refused = Object.assign(new Error('Command failed'), { authenticationFailed: true, responseStatus: 'NO', serverResponseCode: 'AUTHENTICATIONFAILED', response: 'Authentication failed.' });
    expect(classifyImapError(refused)).toMatchObject({ kind: 'auth_failed', code: 'AUTHENTICATIONFAILED' });
    expect(classifyImapError(new AuthenticationFailure('Login is disabled')).kind).toBe('auth_failed');
    const busy = Object.assign(new Error('Command failed'), { authenticationFailed: true, serverResponseCode: 'UNAVAILABLE' });
    expect(classifyImapError(busy).kind).toBe('connection_lost');
  });

  it('certificate failures are tls_rejected; sockets, timeouts and BYE are connection_lost', () => {
    expect(classifyImapError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).kind).toBe('tls_rejected');
    expect(classifyImapError(Object.assign(new Error('x'), { tlsFailed: true })).kind).toBe('tls_rejected');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'NoConnection', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'EConnectionClosed']) {
      expect(classifyImapError(Object.assign(new Error('x'), { code })).kind).toBe('connection_lost');
    }
    expect(classifyImapError(new ImapProblem('folder_missing', 'no Processed')).kind).toBe('folder_missing');
    expect(classifyImapError('weird').kind).toBe('connection_lost');
  });

  it('tells server and socket errors from our own bugs', () => {
    expect(fromServerOrSocket(Object.assign(new Error('x'), { code: 'NoConnection' }))).toBe(true);
    expect(fromServerOrSocket(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(fromServerOrSocket(Object.assign(new Error('x'), { responseStatus: 'NO' }))).toBe(true);
    expect(fromServerOrSocket(new TypeError('undefined is not a function'))).toBe(false);
    expect(fromServerOrSocket(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(false);
  });

  it('never puts more than one line in the detail', () => {
    const e = Object.assign(new Error('Command failed\nsecond line'), { code: 'X', response: 'a\r\nb' });
    expect(classifyImapError(e).detail).not.toMatch(/\n/);
  });
});

describe('classifySmtpError', () => {
  const err = (props: object) => Object.assign(new Error('failed'), props);

  it('5xx about the message is permanent, 4xx temporary', () => {
    expect(classifySmtpError(err({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 User unknown' })).kind).toBe('permanent');
    expect(classifySmtpError(err({ code: 'EMESSAGE', responseCode: 552, command: 'DATA' })).kind).toBe('permanent');
    expect(classifySmtpError(err({ code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' })).kind).toBe('temporary');
  });

  it('a refused password is auth_failed; a 454 from a down password backend, 421 and sockets are unavailable', () => {
    expect(classifySmtpError(err({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).kind).toBe('auth_failed');
    expect(classifySmtpError(err({ code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' })).kind).toBe('unavailable');
    expect(classifySmtpError(err({ code: 'EENVELOPE', responseCode: 421, command: 'MAIL FROM' })).kind).toBe('unavailable');
    expect(classifySmtpError(err({ code: 'ECONNECTION', responseCode: 554, command: 'CONN' })).kind).toBe('unavailable');
    for (const code of ['ESOCKET', 'ECONNREFUSED', 'ETIMEDOUT', 'EDNS']) expect(classifySmtpError(err({ code })).kind).toBe('unavailable');
  });
});

describe('backoff', () => {
  it('doubles from the base to the cap, with jitter in the upper half', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, RECONNECT, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(0, RECONNECT, () => 0)).toBe(500);
    expect(backoffDelay(20, RECONNECT, () => 1)).toBe(60_000);
    expect(backoffDelay(1000, RECONNECT, () => 0)).toBe(30_000);
  });

  it('a wake before the wait is not lost; a stop ends a sleep at once', async () => {
    const w = new Wakeup();
    w.wake();
    expect(await w.wait(10_000)).toBe(true);
    expect(await w.wait(5)).toBe(false);
    const stop = new StopSignal();
    const t0 = Date.now();
    setTimeout(() => stop.request('SIGTERM'), 10);
    await stop.sleep(10_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(stop.reason).toBe('SIGTERM');
  });
});

describe('JobsLane', () => {
  it('runs a scheduled job only when the daemon reaches a safe point, in order, results to the caller', async () => {
    let woken = 0;
    const lane = new JobsLane(() => woken++);
    const order: string[] = [];
    const a = lane.inSequence(async () => {
      order.push('a');
      return 1;
    });
    const b = lane.inSequence(() => Promise.reject(new Error('boom')));
    expect(woken).toBe(2);
    expect(order).toEqual([]);
    expect(await lane.runPending()).toBe(2);
    await expect(a).resolves.toBe(1);
    await expect(b).rejects.toThrow('boom');
    lane.close();
    await expect(lane.inSequence(async () => 3)).rejects.toThrow(/stopping/);
  });
});
