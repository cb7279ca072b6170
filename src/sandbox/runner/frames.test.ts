import { describe, expect, it } from 'vitest';
import { decodeWaitStatus, encodeFrame, FrameParser, parseRunReport, runPayload } from './frames.js';

describe('runner frames', () => {
  it('survive any chunking on the way', async () => {
    const frames = Buffer.concat([encodeFrame('O', Buffer.from('hello')), encodeFrame('E', Buffer.alloc(0)), encodeFrame('D', Buffer.from([0, 1, 0, 0]))]);
    for (const size of [1, 2, 3, 7, frames.length]) {
      const seen: [string, string][] = [];
      const parser = new FrameParser((type, payload) => seen.push([type, payload.toString('hex')]));
      for (let offset = 0; offset < frames.length; offset += size) parser.write(frames.subarray(offset, offset + size));
      await new Promise((resolve) => parser.end(resolve));
      expect(seen).toEqual([
        ['O', Buffer.from('hello').toString('hex')],
        ['E', ''],
        ['D', '00010000'],
      ]);
    }
  });

  it('encode a run as its files and limits, env ended by an empty string, then argv', () => {
    const payload = runPayload({
      cwd: '/box',
      stdinPath: '/in',
      stdoutPath: '/out',
      stderrPath: '/err',
      cpuTimeMs: 1000.4,
      wallTimeMs: 3000,
      outputBytes: 1024,
      fileSizeBytes: 2048,
      stackBytes: 4096,
      openFiles: 256,
      wipeFirst: true,
      env: { A: '1' },
      argv: ['./main', 'x'],
    });
    expect(payload.toString()).toBe('/box\0/in\0/out\0/err\x001001\x003000\x001024\x002048\x004096\x00256\0w\0A=1\0\0./main\0x\0');
  });

  it('parse a run report, with no wait status when the runner stopped the run', () => {
    const report = parseRunReport(
      Buffer.from('stopped=cpu\nstatus=0\nhas_status=0\ncpu_us=1001000\nwall_us=1200000\nmax_rss_kb=0\nanon_peak_kb=300\noom_kills=0\nstdout_bytes=5\nended_us=77\ninput_closed_us=0\n'),
    );
    expect(report).toEqual({ stopped: 'cpu', waitStatus: null, cpuUs: 1001000, wallUs: 1200000, maxRssKb: 0, anonPeakKb: 300, oomKills: 0, stdoutBytes: 5, endedUs: 77, inputClosedUs: 0 });
    expect(() => parseRunReport(Buffer.from('stopped=sideways\n'))).toThrow(/malformed runner report/);
  });

  it('decode wait statuses into exit codes and signals', () => {
    expect(decodeWaitStatus(3 << 8)).toEqual({ exitCode: 3, signalNumber: null });
    expect(decodeWaitStatus(0)).toEqual({ exitCode: 0, signalNumber: null });
    expect(decodeWaitStatus(11)).toEqual({ exitCode: null, signalNumber: 11 });
    expect(decodeWaitStatus(9 | 0x80)).toEqual({ exitCode: null, signalNumber: 9 }); // core-dump bit
  });
});
