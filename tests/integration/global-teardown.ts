/**
 * Jest globalTeardown of the `integration` project: stops the mail servers, unless
 * LPSE_TEST_KEEP_MAILSERVER is set (handy when running tests again and again by hand).
 */
import { stopMailServer } from './mailserver';

export default function globalTeardown(): void {
  if (!process.env.LPSE_TEST_KEEP_MAILSERVER) stopMailServer();
}
