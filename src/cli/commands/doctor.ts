/** `sonocode doctor`: can this machine judge? Each check, what it found, and the exact fix. */
import type { DoctorReport } from '../../sandbox/doctor.js';
import type { CommandContext } from '../context.js';
import { createStyle, plural, type Style } from '../format.js';
import { write } from '../io.js';
import { StatusLine } from './shared.js';

export interface DoctorArgs {
  json: boolean;
}

export interface DoctorValue {
  kind: 'doctor';
  report: DoctorReport;
}

export async function doctor(args: DoctorArgs, ctx: CommandContext): Promise<DoctorValue> {
  const status = new StatusLine(ctx.io.stderr);
  status.set('checking the sandbox (the runtime image is created when missing)…');
  let report: DoctorReport;
  try {
    report = await ctx.deps.diagnose(ctx.config.sandbox);
  } finally {
    status.clear();
  }
  if (args.json) await write(ctx.io.stdout, `${JSON.stringify(report)}\n`);
  else await write(ctx.io.stdout, formatReport(report, createStyle(ctx.config.color)));
  return { kind: 'doctor', report };
}

/** Each check (under its backend's heading), then whether judging can start and with which backend. */
export function formatReport(report: DoctorReport, style: Style): string {
  const lines: string[] = [];
  let heading: string | undefined;
  for (const check of report.checks) {
    if (check.backend && check.backend !== heading) {
      heading = check.backend;
      lines.push(style.bold(`${heading} sandbox${report.backends?.[check.backend] ? '' : ' (not usable here)'}:`));
    }
    const mark = check.ok ? style.green('✓') : style.red('✗');
    const indent = check.backend ? '  ' : '';
    lines.push(`${indent}${mark} ${check.name}: ${check.ok ? check.detail : style.red(check.detail)}`);
    if (!check.ok && check.fix) lines.push(`${indent}    fix: ${style.cyan(check.fix)}`);
  }
  const failed = report.checks.filter((check) => !check.ok).length;
  lines.push(
    report.ok
      ? style.green(`ready to judge (${report.backend} sandbox)`)
      : style.red(`not ready: ${plural(failed, 'check')} failed; run the fix${failed === 1 ? '' : 'es'} above, then \`sonocode doctor\` again`),
  );
  return `${lines.join('\n')}\n`;
}
