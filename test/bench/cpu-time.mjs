/**
 * `node cpu-time.mjs COMMAND ARGS…`: runs the command (stdio inherited, fds 0–2) and writes to fd 3
 * `{ wallMs, cpuMs, code }`: its wall time and the CPU time it and its children used (Linux: the
 * children's times in /proc/self/stat once waited for). CPU time is far less disturbed than wall time
 * by other jobs on a busy machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function childrenCpuMs() {
  // Fields after the command name: state is field 3; cutime and cstime are fields 16 and 17.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

const [command, ...args] = process.argv.slice(2);
const before = childrenCpuMs();
const started = performance.now();
const result = spawnSync(command, args, { stdio: 'inherit' });
const wallMs = performance.now() - started;
writeSync(3, JSON.stringify({ wallMs, cpuMs: childrenCpuMs() - before, code: result.status }));
process.exitCode = result.status ?? 1;
