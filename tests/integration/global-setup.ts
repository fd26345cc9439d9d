/** Jest globalSetup of the `integration` project: starts Dovecot and Postfix (no-op if up). */
import { startMailServer } from './mailserver';

export default function globalSetup(): void {
  const t0 = Date.now();
  startMailServer();
  if (process.env.LPSE_TEST_MAIL_VERBOSE) {
    console.log(`\nmail servers ready in ${Date.now() - t0} ms`);
  }
}
