/** Builds raw messages for tests: headers (in order) and a body, CRLF line endings. */
export function mail(headers: Record<string, string>, body: string): Buffer {
  const head = Object.entries({ 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`, 'utf8');
}

export const COMMITTEE = { From: 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<t@batangkab.go.id>' };
