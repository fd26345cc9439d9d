// Authentication-Results as real servers write them and as a forger would: which ones prove a
// staff From (security.trustedAuthservId = mx.lpse.test).
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { parseAuthResults, trustedBlock } from '../../src/inbox/auth-results';
import { proofOf } from '../../src/helpdesk/roles';

const base = loadConfig(DEFAULT_CONFIG_PATH);
const cfg = { ...base, security: { ...base.security, trustedAuthservId: 'mx.lpse.test', trustFromHeader: false } };
const STAFF = 'staff1@lpse.test';
const PEMDA = 'pokja3@batangkab.go.id';

// [what it is, From, headers top first, proven?]
const TABLE: Array<[string, string, string[], boolean]> = [
  ['OpenDMARC pass for the From domain', STAFF, ['mx.lpse.test; dmarc=pass (p=none dis=none) header.from=lpse.test'], true],
  ['Rspamd-style block: dkim, spf, dmarc all pass', STAFF, [
    'mx.lpse.test; dkim=pass header.d=lpse.test header.s=mail header.b=Ab/cd+12; spf=pass (mx.lpse.test: domain of staff1@lpse.test designates 10.0.0.5 as permitted sender) smtp.mailfrom=staff1@lpse.test; dmarc=pass (policy=none) header.from=lpse.test',
  ], true],
  ['two contiguous headers of ours (OpenDKIM then OpenDMARC milter)', STAFF, ['mx.lpse.test; dmarc=pass header.from=lpse.test', 'mx.lpse.test 1; dkim=pass (2048-bit key) header.d=lpse.test'], true],
  ['DKIM pass of a subdomain aligns on the organizational domain', STAFF, ['mx.lpse.test; dkim=pass header.d=mail.lpse.test'], true],
  ['SPF pass aligned through the envelope sender', PEMDA, ['mx.lpse.test; spf=pass smtp.mailfrom=bounce@mail.batangkab.go.id'], true],
  ['version number and a quoted reason', STAFF, ['mx.lpse.test 1; dkim=pass reason="good signature; key ok" header.d=lpse.test'], true],
  ['authserv-id case differs', STAFF, ['MX.LPSE.TEST; DMARC=Pass header.from=LPSE.TEST'], true],
  ['Microsoft-style bare key ignored, pass still read', STAFF, ['mx.lpse.test; dmarc=pass action=none header.from=lpse.test'], true],
  ['spaces around the property dot', STAFF, ['mx.lpse.test; dkim = pass header . d = lpse.test'], true],

  ['forged pass below our real fail', STAFF, ['mx.lpse.test; dmarc=fail (p=reject) header.from=lpse.test', 'mx.lpse.test; dmarc=pass header.from=lpse.test'], false],
  ['forged pass of our id below another server\'s header', STAFF, ['relay.isp.example; spf=none smtp.mailfrom=evil.example', 'mx.lpse.test; dmarc=pass header.from=lpse.test'], false],
  ['only another server\'s pass', STAFF, ['other.example; dmarc=pass header.from=lpse.test'], false],
  ['no Authentication-Results at all', STAFF, [], false],
  ['DMARC pass for another domain', STAFF, ['mx.lpse.test; dmarc=pass header.from=evil.example'], false],
  ['DMARC pass without header.from', STAFF, ['mx.lpse.test; dmarc=pass'], false],
  ['DMARC pass for a parent, not the From domain itself', 'staff@sub.lpse.test', ['mx.lpse.test; dmarc=pass header.from=lpse.test'], false],
  ['DKIM pass of the bare public suffix "test"', STAFF, ['mx.lpse.test; dkim=pass header.d=test'], false],
  ['DKIM pass of the public suffix go.id for a pemda address', PEMDA, ['mx.lpse.test; dkim=pass header.d=go.id'], false],
  ['DKIM pass of a sibling under go.id', PEMDA, ['mx.lpse.test; dkim=pass header.d=kendalkab.go.id'], false],
  ['DKIM pass that merely ends with the domain', STAFF, ['mx.lpse.test; dkim=pass header.d=evillpse.test'], false],
  ['DKIM pass without header.d', STAFF, ['mx.lpse.test; dkim=pass header.i=@lpse.test'], false],
  ['a pass written inside a comment', STAFF, ['mx.lpse.test; dmarc=none (; dmarc=pass header.from=lpse.test) header.from=lpse.test'], false],
  ['a pass written inside a nested comment', STAFF, ['mx.lpse.test; spf=neutral (a (b; dkim=pass header.d=lpse.test) c) smtp.mailfrom=evil.example'], false],
  ['a pass written inside a quoted reason', STAFF, ['mx.lpse.test; dkim=neutral reason="; dkim=pass header.d=lpse.test" header.d=evil.example'], false],
  ['our id only inside a comment of another server\'s header', STAFF, ['(mx.lpse.test) other.example; dmarc=pass header.from=lpse.test'], false],
  ['none', STAFF, ['mx.lpse.test; none'], false],
  ['SPF pass of another envelope domain', STAFF, ['mx.lpse.test; spf=pass smtp.mailfrom=evil.example'], false],
  ['DKIM pass beside a DKIM fail in our block', STAFF, ['mx.lpse.test; dkim=pass header.d=lpse.test; dkim=fail header.d=lpse.test'], false],
  ['an unbalanced comment is not read', STAFF, ['mx.lpse.test; dmarc=pass (unclosed header.from=lpse.test'], false],
  ['our id as a prefix of a longer id', STAFF, ['mx.lpse.test.evil.example; dmarc=pass header.from=lpse.test'], false],
  ['forged pass of our id right below our real header that proves nothing', STAFF, [
    'mx.lpse.test; dkim=pass header.d=evil-mail.example; spf=pass smtp.mailfrom=evil-mail.example; dmarc=none header.from=lpse.test',
    'mx.lpse.test; dkim=pass header.d=lpse.test; spf=pass smtp.mailfrom=lpse.test; dmarc=pass header.from=lpse.test',
  ], false],
  ['forged DMARC pass below our SPF-only header', STAFF, ['mx.lpse.test; spf=pass smtp.mailfrom=evil-mail.example', 'mx.lpse.test; dmarc=pass header.from=lpse.test'], false],
  ['forged DKIM pass below our header, in upper case', STAFF, ['mx.lpse.test; spf=softfail smtp.mailfrom=evil-mail.example', 'MX.LPSE.TEST; dkim=pass header.d=lpse.test'], false],
];

// A server that adds two headers (OpenDKIM, then OpenDMARC above it): security.authResultsHeaders = 2.
const twoHeaders = { ...cfg, security: { ...cfg.security, authResultsHeaders: 2 } };
const TWO: Array<[string, string, string[], boolean]> = [
  ['DKIM pass in the second of our two headers', STAFF, ['mx.lpse.test; dmarc=none header.from=lpse.test', 'mx.lpse.test; dkim=pass header.d=lpse.test'], true],
  ['a third header of our id is the sender\'s', STAFF, ['mx.lpse.test; dmarc=none header.from=lpse.test', 'mx.lpse.test; dkim=none', 'mx.lpse.test; dkim=pass header.d=lpse.test'], false],
  ['a fail in either of our two headers', STAFF, ['mx.lpse.test; dmarc=pass header.from=lpse.test', 'mx.lpse.test; dkim=fail header.d=lpse.test'], false],
];

describe('which Authentication-Results prove a From', () => {
  it.each(TABLE)('%s', (_what, from, headers, proven) => {
    expect(proofOf(cfg, from, headers).proven).toBe(proven);
  });

  it.each(TWO)('server adding two headers: %s', (_what, from, headers, proven) => {
    expect(proofOf(twoHeaders, from, headers).proven).toBe(proven);
  });

  it('says why a From is not proven', () => {
    expect(proofOf(cfg, STAFF, ['mx.lpse.test; dmarc=fail header.from=lpse.test'])).toEqual({ proven: false, why: 'mx.lpse.test says dmarc=fail' });
    expect(proofOf(cfg, STAFF, [])).toMatchObject({ proven: false, why: expect.stringContaining('no Authentication-Results from mx.lpse.test') });
  });
});

describe('parseAuthResults (RFC 8601)', () => {
  it('reads the authserv-id, version, methods, reasons and properties', () => {
    expect(parseAuthResults('mx.lpse.test 1; dkim/1=pass (good) reason="ok; fine" header.d=lpse.test header.b=Ab/cd+1; spf=pass smtp.mailfrom=a@lpse.test;')).toEqual({
      authservId: 'mx.lpse.test',
      version: 1,
      results: [
        { method: 'dkim', result: 'pass', reason: 'ok; fine', props: { 'header.d': 'lpse.test', 'header.b': 'Ab/cd+1' } },
        { method: 'spf', result: 'pass', reason: null, props: { 'smtp.mailfrom': 'a@lpse.test' } },
      ],
    });
  });

  it('reads `none` as no results, and refuses what is not a header of this shape', () => {
    expect(parseAuthResults('mx.lpse.test (comment) ; none')).toEqual({ authservId: 'mx.lpse.test', version: null, results: [] });
    expect(parseAuthResults('spf=pass (sender IP is 10.0.0.1) smtp.mailfrom=outlook.com')).toBeNull();
    expect(parseAuthResults('mx.lpse.test; dkim pass')).toBeNull();
    expect(parseAuthResults('mx.lpse.test; dkim="pass"')).toBeNull();
    expect(parseAuthResults('"unterminated; dkim=pass')).toBeNull();
  });

  it('trusts only the topmost run of our headers, no more of them than the server adds', () => {
    const block = trustedBlock(['mx.lpse.test; spf=fail smtp.mailfrom=x.example', 'other.example; none', 'mx.lpse.test; dmarc=pass header.from=lpse.test'], 'mx.lpse.test', 3);
    expect(block.map((h) => h.results.map((r) => r.result))).toEqual([['fail']]);
    const ours = ['mx.lpse.test; spf=none', 'mx.lpse.test; dkim=none', 'mx.lpse.test; dmarc=pass header.from=lpse.test'];
    expect(trustedBlock(ours, 'mx.lpse.test', 1)).toHaveLength(1);
    expect(trustedBlock(ours, 'mx.lpse.test', 2)).toHaveLength(2);
  });

  it('reads a header of pathological length in linear time', () => {
    const started = Date.now();
    expect(parseAuthResults(`mx.lpse.test; dkim=pass ${'('.repeat(8_000)}`)).toBeNull();
    expect(parseAuthResults(`mx.lpse.test; ${'a='.repeat(5_000)}`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
