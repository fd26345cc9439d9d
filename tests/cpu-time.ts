/**
 * The CPU milliseconds this process spent (all its threads) since `from`, a process.cpuUsage()
 * reading: the guards against super-linear readers bound the work a reader does, not the wall
 * time, which grows when the other test worker and its tesseract hold the machine's two cores.
 */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}
