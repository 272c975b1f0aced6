import { isAbsolute, relative } from 'node:path';

/** One finding of Redocly or Spectral, wherever it came from. */
export interface Problem {
  /** The file, relative to the folder the tool ran in. */
  file: string;
  line: number;
  col: number;
  severity: string;
  rule: string;
  message: string;
}

/** The one way problems are printed: `file:line:col severity rule: message`. */
export function formatProblem(problem: Problem): string {
  const { file, line, col, severity, rule, message } = problem;
  return `${file}:${line}:${col} ${severity} ${rule}: ${message}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes.
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Redocly's `--format=stylish`: a `file:` line, then `  line:col  severity  rule  message` rows. Redocly
 * repeats a row once per example it fails, so rows are deduplicated.
 */
export function redoclyProblems(output: string): Problem[] {
  const problems = new Map<string, Problem>();
  let file = '';
  for (const raw of output.replace(ANSI, '').split('\n')) {
    const header = /^(\S.*\.(?:ya?ml|json)):$/.exec(raw);
    if (header) file = header[1] ?? '';
    const row = /^\s+(\d+):(\d+)\s+(error|warning)\s+(\S+)\s+(.*?)\s*$/.exec(raw);
    if (row === null) continue;
    const [, line, col, severity = '', rule = '', message = ''] = row;
    const problem = { file, line: Number(line), col: Number(col), severity, rule, message };
    problems.set(formatProblem(problem), problem);
  }
  return [...problems.values()];
}

/** Spectral's `--format=text`: `/abs/file:line:col severity rule "message"` rows. */
export function spectralProblems(output: string, cwd: string): Problem[] {
  const problems: Problem[] = [];
  for (const raw of output.replace(ANSI, '').split('\n')) {
    const row = /^(.+?):(\d+):(\d+) (error|warning|information|hint) (\S+) "(.*)"\s*$/.exec(raw);
    if (row === null) continue;
    const [, file = '', line, col, severity = '', rule = '', message = ''] = row;
    problems.push({
      file: isAbsolute(file) ? relative(cwd, file) : file,
      line: Number(line),
      col: Number(col),
      severity,
      rule,
      message,
    });
  }
  return problems;
}

/**
 * What a failed tool run says went wrong: its problems, one per line, or (when it printed none it can
 * parse, say a crash or a missing file) its last lines without Redocly's boxed banners and hints.
 */
export function failureReport(problems: readonly Problem[], output: string): string {
  if (problems.length > 0) return problems.map(formatProblem).join('\n');
  const lines = output
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !/[╔╚║]|--generate-ignore-file/.test(line));
  return lines.slice(-15).join('\n');
}
