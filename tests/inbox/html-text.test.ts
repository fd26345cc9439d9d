/** HTML bodies read as a person sees them: form tables and bold labels become `Label: value`. */
import { htmlToPlain } from '../../src/inbox/html-text';

test('a two-column form table', () => {
  expect(htmlToPlain('<table><tr><td>Kode Tender</td><td>10034567000</td></tr><tr><td><b>User ID:</b></td><td>pokja3</td></tr></table>')).toBe(
    'Kode Tender: 10034567000\nUser ID: pokja3',
  );
});

test('a form with a ":" column and a row-number column', () => {
  expect(
    htmlToPlain('<table><tr><td>1.</td><td>Nama Pokja</td><td>:</td><td>Pokja 3</td></tr><tr><td>2.</td><td>Kode Tender</td><td>:</td><td>10034567000</td></tr></table>'),
  ).toBe('Nama Pokja: Pokja 3\nKode Tender: 10034567000');
});

test('a table with a header row gives "Header: cell" per data row', () => {
  expect(
    htmlToPlain('<table><tr><th>Nama Pokja</th><th>Kode Tender</th><th>Nama Paket</th></tr><tr><td>Pokja 2</td><td>10011111000</td><td>Rehab</td></tr></table>'),
  ).toBe('Nama Pokja: Pokja 2\nKode Tender: 10011111000\nNama Paket: Rehab');
});

test('bold labels, paragraphs, non-breaking spaces, no wrapping, no link targets', () => {
  const text = htmlToPlain(
    `<p class=MsoNormal><b>Kode Tender</b>: 10034567000<o:p></o:p></p><p>Nama&nbsp;Paket : ${'Rehabilitasi '.repeat(12)}</p><p><a href="https://spse.inaproc.id/x">link</a></p>`,
  );
  expect(text.split('\n')[0]).toBe('Kode Tender: 10034567000');
  expect(text).toContain(`Nama\u00a0Paket : ${'Rehabilitasi '.repeat(12).trim()}`);
  expect(text).not.toContain('https://');
});

test('blockquotes become ">" lines; layout tables read as their paragraphs', () => {
  expect(htmlToPlain('<table><tr><td><p>Halo</p><p>Kode Tender: 10034567000</p></td></tr></table><blockquote>lama</blockquote>')).toBe(
    'Halo\nKode Tender: 10034567000\n\n> lama',
  );
});

test('pathologically deep HTML is converted without exhausting the stack', () => {
  expect(() => htmlToPlain(`${'<div>'.repeat(20000)}x${'</div>'.repeat(20000)}`)).not.toThrow();
});
