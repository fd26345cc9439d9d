/**
 * Jest runner for the `integration` project: jest-runner's own, run serially (in band), because
 * the integration tests share the mailboxes and restart the servers. Unit tests keep running in
 * parallel workers.
 */
import TestRunner from 'jest-runner';

export default class SerialRunner extends TestRunner {
  override readonly isSerial = true;
}
