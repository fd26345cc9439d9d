/**
 * `lpse-helpdesk digest | head`: when the reader of our output goes away, writing fails with
 * EPIPE. That is the reader's choice, not an error: end quietly, as `cat` does, instead of dying
 * with a stack trace. Any other write error is still raised.
 */
export function endQuietlyOnBrokenPipe(stream: NodeJS.EventEmitter, exit: (code: number) => void): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(0);
    else throw err;
  });
}
