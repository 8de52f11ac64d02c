import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PROMETHEUS_TEXT_LIMITS, parsePrometheusText } from './prometheus-text.js';

const SCRAPE = Date.parse('2026-11-22T10:00:00Z');

describe('parsePrometheusText: the format', () => {
  it('reads samples and skips HELP, TYPE, comments and blank lines', () => {
    const text = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '   ',
      '# A free comment, with "quotes" and { braces',
      '#',
      'metric_without_timestamp_and_labels 12.47',
      '\t indented_metric\t-1.5e-3 ',
    ].join('\n');
    expect(parsePrometheusText(text, SCRAPE)).toEqual({
      samples: [
        {
          name: 'http_requests_total',
          value: 1027,
          labels: { method: 'post', code: '200' },
          timestamp: 1395066363000,
        },
        {
          name: 'http_requests_total',
          value: 3,
          labels: { method: 'post', code: '400' },
          timestamp: 1395066363000,
        },
        { name: 'metric_without_timestamp_and_labels', value: 12.47, labels: {}, timestamp: SCRAPE },
        { name: 'indented_metric', value: -0.0015, labels: {}, timestamp: SCRAPE },
      ],
      errors: [],
    });
  });

  it('unescapes \\\\, \\" and \\n in label values', () => {
    const text =
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9';
    expect(parsePrometheusText(text, SCRAPE).samples).toEqual([
      {
        name: 'msdos_file_access_time_seconds',
        value: 1.458255915e9,
        labels: { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' },
        timestamp: SCRAPE,
      },
    ]);
  });

  it('reads histograms and summaries as plain samples, and +Inf as a label value', () => {
    const text = `# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds{quantile="0.99"} NaN
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;
    const { samples, errors } = parsePrometheusText(text, SCRAPE);
    expect(errors).toEqual([]);
    expect(samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['http_request_duration_seconds_bucket', { le: '0.05' }, 24054],
      ['http_request_duration_seconds_bucket', { le: '+Inf' }, 144320],
      ['http_request_duration_seconds_sum', {}, 53423],
      ['http_request_duration_seconds_count', {}, 144320],
      ['rpc_duration_seconds', { quantile: '0.5' }, 4773],
      ['rpc_duration_seconds_sum', {}, 17560473],
      ['rpc_duration_seconds_count', {}, 2693],
    ]);
  });

  it('skips NaN silently and ±Inf with an error', () => {
    const text = 'a NaN\nb nan\nc +Inf\nd -Inf 1000\ne 1\nf Inf';
    expect(parsePrometheusText(text, SCRAPE)).toEqual({
      samples: [{ name: 'e', value: 1, labels: {}, timestamp: SCRAPE }],
      errors: [
        { line: 3, reason: 'c: value +Inf cannot be stored; sample skipped' },
        { line: 4, reason: 'd: value -Inf cannot be stored; sample skipped' },
        { line: 6, reason: 'f: value Inf cannot be stored; sample skipped' },
      ],
    });
  });

  it('accepts CRLF, blanks inside label sets, a trailing comma, empty braces and colons in names', () => {
    const text = 'a{ x = "1" , y="2", } 1\r\nb{} 2\r\njob:rate:5m{z="3"}3 -5\r\n';
    expect(parsePrometheusText(text, SCRAPE)).toEqual({
      samples: [
        { name: 'a', value: 1, labels: { x: '1', y: '2' }, timestamp: SCRAPE },
        { name: 'b', value: 2, labels: {}, timestamp: SCRAPE },
        { name: 'job:rate:5m', value: 3, labels: { z: '3' }, timestamp: -5 },
      ],
      errors: [],
    });
  });

  it('drops empty label values and keeps label values with spaces, braces and non-ASCII text', () => {
    const { samples } = parsePrometheusText('a{x="",y="São Paulo {1}, = #",z="🙂"} 1', SCRAPE);
    expect(samples[0]?.labels).toEqual({ y: 'São Paulo {1}, = #', z: '🙂' });
  });

  it('reads the number spellings of Go ParseFloat that exporters use', () => {
    const text = [
      'a 1',
      'a -2',
      'a +3',
      'a 4.',
      'a .5',
      'a 6e2',
      'a 7E-1',
      'a -0',
      'a 1.7976931348623157e308',
    ].join('\n');
    expect(parsePrometheusText(text, SCRAPE).samples.map((s) => s.value)).toEqual([
      1, -2, 3, 4, 0.5, 600, 0.7, -0, 1.7976931348623157e308,
    ]);
  });

  it('applies the standard metric ranges, like pushes', () => {
    expect(parsePrometheusText('cpu_percent 140\ncpu_percent 40', SCRAPE)).toEqual({
      samples: [{ name: 'cpu_percent', value: 40, labels: {}, timestamp: SCRAPE }],
      errors: [{ line: 1, reason: 'cpu_percent must be between 0 and 100 (percent), got 140' }],
    });
  });
});

describe('parsePrometheusText: broken lines', () => {
  it.each([
    ['{a="1"} 1', 'expected a metric name, got "{a=\\"1\\"} 1"'],
    ['1abc 1', 'metric name must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$, got "1abc"'],
    ['a-b 1', 'a: unexpected character "-" after the metric name'],
    ['a', 'a: missing value'],
    ['a{x="1"}', 'a: missing value'],
    ['a abc', 'a: value must be a number, NaN, +Inf or -Inf, got "abc"'],
    ['a 0x1F', 'a: value must be a number, NaN, +Inf or -Inf, got "0x1F"'],
    ['a 1 12.5', 'a: timestamp must be whole epoch milliseconds, got "12.5"'],
    ['a 1 99999999999999999999', 'a: timestamp must be whole epoch milliseconds, got "99999999999999999999"'],
    ['a 1 1000 extra', 'a: unexpected text after the timestamp: "extra"'],
    ['a{x="1} 1', 'a: label x: unterminated value or invalid escape (only \\\\, \\" and \\n)'],
    ['a{x="\\t"} 1', 'a: label x: unterminated value or invalid escape (only \\\\, \\" and \\n)'],
    ['a{x="1",x="2"} 1', 'a: label x appears twice'],
    ['a{x="1" y="2"} 1', 'a: expected "," or "}" after label x, got "y=\\"2\\"} 1"'],
    ['a{x 1', 'a: expected "=" after label x'],
    ['a{x=1} 1', 'a: expected a quoted value for label x'],
    ['a{="1"} 1', 'a: expected a label name or "}", got "=\\"1\\"} 1"'],
    ['a{,} 1', 'a: expected a label name or "}", got ",} 1"'],
    ['a{__name__="b"} 1', 'a: label name must not start with "__" (reserved), got "__name__"'],
    ['a{9x="b"} 1', 'a: label name must match ^[a-zA-Z_][a-zA-Z0-9_]*$, got "9x"'],
    [`a{x="${'v'.repeat(201)}"} 1`, 'a: label x: value must be at most 200 characters, got 201'],
    ['a{x="\u0000"} 1', 'a: label x: value holds the character U+0000, which cannot be stored'],
    ['a{x="\ud800"} 1', 'a: label x: value holds a lone surrogate, which is not valid Unicode'],
    [`a{${Array.from({ length: 21 }, (_, i) => `l${i}="v"`).join(',')}} 1`, 'a: at most 20 labels, got 21'],
  ])('reports %j with its line number and keeps the good lines', (line, reason) => {
    expect(parsePrometheusText(`good 1\n${line}\ngood 2`, SCRAPE)).toEqual({
      samples: [
        { name: 'good', value: 1, labels: {}, timestamp: SCRAPE },
        { name: 'good', value: 2, labels: {}, timestamp: SCRAPE },
      ],
      errors: [{ line: 2, reason }],
    });
  });

  it('never throws on garbage and keeps error messages short', () => {
    const alphabet = [
      'a',
      'b',
      '_',
      ':',
      '{',
      '}',
      '=',
      '"',
      '\\',
      'n',
      ',',
      ' ',
      '\t',
      '\n',
      '#',
      '1',
      '.',
      'e',
      '-',
      '+',
      'I',
      'N',
      '\u0000',
      '\ud800',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: 200 }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
        '',
      );
      const { samples, errors } = parsePrometheusText(text, SCRAPE);
      for (const sample of samples) expect(Number.isFinite(sample.value)).toBe(true);
      for (const error of errors) expect(error.reason.length).toBeLessThan(300);
    }
  });
});

describe('parsePrometheusText: limits', () => {
  it('refuses text over 10 MiB without parsing any of it', () => {
    const line = `big_metric{pad="${'x'.repeat(150)}"} 1\n`;
    const text = line.repeat(Math.ceil(PROMETHEUS_TEXT_LIMITS.maxBytes / line.length) + 1);
    expect(parsePrometheusText(text, SCRAPE)).toEqual({
      samples: [],
      errors: [{ line: 0, reason: 'exposition is larger than 10485760 bytes; nothing was parsed' }],
    });
  });

  it('counts bytes, not characters: multi-byte text under 10 Mi characters can still be too large', () => {
    const text = `a{x="${'é'.repeat(100)}"} 1\n`.repeat(Math.ceil(PROMETHEUS_TEXT_LIMITS.maxBytes / 200));
    expect(text.length).toBeLessThan(PROMETHEUS_TEXT_LIMITS.maxBytes);
    expect(parsePrometheusText(text, SCRAPE).errors[0]?.line).toBe(0);
  });

  it('stops after 100,000 samples, keeping them, with an error on the next sample line', () => {
    const text = `# TYPE s gauge\n${Array.from({ length: 100_005 }, (_, i) => `s{i="${i}"} ${i}`).join('\n')}`;
    const { samples, errors } = parsePrometheusText(text, SCRAPE);
    expect(samples).toHaveLength(100_000);
    expect(samples.at(-1)?.value).toBe(99_999);
    expect(errors).toEqual([{ line: 100_002, reason: 'more than 100000 samples; parsing stopped here' }]);
  });
});

describe('parsePrometheusText: prom-client output', () => {
  it('reads back what prom-client writes, including hostile label values', async () => {
    const registry = new Registry();
    const gauge = new Gauge({
      name: 'disk_free_bytes',
      help: 'Free space, with a \\ backslash and a\nnewline in the help',
      labelNames: ['path', 'host'],
      registers: [registry],
    });
    gauge.set({ path: 'C:\\Program Files\\"Vigia"\nline two', host: 'db-1' }, 1024.5);
    gauge.set({ path: '/var/lib', host: '' }, 0);
    const counter = new Counter({
      name: 'checks_total',
      help: 'Checks run',
      labelNames: ['status'],
      registers: [registry],
    });
    counter.inc({ status: 'up' }, 7);
    counter.inc({ status: 'down' });
    const histogram = new Histogram({
      name: 'check_latency_seconds',
      help: 'Check latency',
      labelNames: ['check'],
      buckets: [0.1, 0.5, 1],
      registers: [registry],
    });
    histogram.observe({ check: 'say "hi"' }, 0.3);
    histogram.observe({ check: 'say "hi"' }, 2);
    const summary = new Summary({
      name: 'queue_wait_seconds',
      help: 'Queue wait',
      percentiles: [0.5, 0.99],
      registers: [registry],
    });
    summary.observe(1);

    const { samples, errors } = parsePrometheusText(await registry.metrics(), SCRAPE);
    expect(errors).toEqual([]);
    const byName = (name: string) => samples.filter((s) => s.name === name).map((s) => [s.labels, s.value]);
    expect(byName('disk_free_bytes')).toEqual([
      [{ path: 'C:\\Program Files\\"Vigia"\nline two', host: 'db-1' }, 1024.5],
      [{ path: '/var/lib' }, 0],
    ]);
    expect(byName('checks_total')).toEqual([
      [{ status: 'up' }, 7],
      [{ status: 'down' }, 1],
    ]);
    expect(byName('check_latency_seconds_bucket')).toEqual([
      [{ le: '0.1', check: 'say "hi"' }, 0],
      [{ le: '0.5', check: 'say "hi"' }, 1],
      [{ le: '1', check: 'say "hi"' }, 1],
      [{ le: '+Inf', check: 'say "hi"' }, 2],
    ]);
    expect(byName('check_latency_seconds_sum')).toEqual([[{ check: 'say "hi"' }, 2.3]]);
    expect(byName('check_latency_seconds_count')).toEqual([[{ check: 'say "hi"' }, 2]]);
    expect(byName('queue_wait_seconds')).toEqual([
      [{ quantile: '0.5' }, 1],
      [{ quantile: '0.99' }, 1],
    ]);
    expect(byName('queue_wait_seconds_count')).toEqual([[{}, 1]]);
    expect(samples.every((s) => s.timestamp === SCRAPE)).toBe(true);
  });

  it("reads Node's default process metrics without a single error", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const text = await registry.metrics();
    const { samples, errors } = parsePrometheusText(text, SCRAPE);
    expect(errors).toEqual([]);
    const sampleLines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    // Before the event loop histogram has data, prom-client writes `nodejs_eventloop_lag_mean_seconds Nan`.
    const nanLines = sampleLines.filter((line) => / nan$/i.test(line));
    expect(samples).toHaveLength(sampleLines.length - nanLines.length);
    expect(samples.find((s) => s.name === 'nodejs_version_info')?.labels.version).toBe(process.version);
  });
});
