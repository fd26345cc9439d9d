/** Passwords written in mail never leave the inbox: their values are masked in the reading. */
import { redactSecrets } from '../../src/inbox/secrets';

test.each([
  ['IP 10.1.1.5 port 22 password root: R4h@sia!2026', 'IP 10.1.1.5 port 22 password root: [disembunyikan]'],
  ['Password root = abc123xyz', 'Password root = [disembunyikan]'],
  ['root password baru: rahasia', 'root password baru: [disembunyikan]'],
  ['root password Sup3rS3cret', 'root password [disembunyikan]'],
  ['kata sandi: rahasia123', 'kata sandi: [disembunyikan]'],
  ['sandinya adalah: bukanrahasia', 'sandinya adalah: [disembunyikan]'],
  ['user root, pass: Qwerty!23', 'user root, pass: [disembunyikan]'],
  ['pwd=hunter22', 'pwd=[disembunyikan]'],
])('%j is masked', (text, masked) => {
  expect(redactSecrets(text)).toBe(masked);
});

test.each(['password salah terus', 'Password SPSE saya lupa', 'compass: north', 'passing grade', 'Password sudah diganti.', 'password root baru dikirim via telepon'])(
  '%j has no secret to mask',
  (text) => {
    expect(redactSecrets(text)).toBe(text);
  },
);
