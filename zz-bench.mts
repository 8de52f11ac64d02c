import { compileAlertRule } from '/work/main/src/alerts/definition/rule-compile.ts';
import { parseAlertRule } from '/work/main/src/alerts/definition/rule-document.ts';
import { AlertEvaluator } from '/work/main/src/alerts/evaluate/alert-evaluator.ts';
import { sweepSamples, thresholdRules } from '/work/main/bench/alerts/workload.ts';
const settings: any = { rules: 1000, metrics: 10, labelSets: 1000 };
const rules = thresholdRules(settings).map((doc, i) => { const p = parseAlertRule(doc); if (!p.ok) throw new Error(JSON.stringify(p.errors)); return compileAlertRule(`r${i}`, { ...p.value, condition: { ...p.value.condition, threshold: -1 } as any }); });
const e = new AlertEvaluator();
let clock = Date.UTC(2026, 0, 1);
e.setRules(rules, clock);
const copyLabels = process.argv[2] === 'copy';
for (let round = 0; round < 6; round++) {
  const first = clock;
  let batch = [...sweepSamples(settings, 1_000_000, (s) => first + s * 10_000)];
  if (copyLabels) batch = batch.map((s) => ({ ...s, labels: { ...s.labels } }));
  clock = first + 100 * 10_000;
  const t0 = performance.now(); const c0 = process.cpuUsage(); let ev = 0; let evMs = 0;
  for (let i = 0; i < batch.length; i++) { const s = batch[i]!; e.ingest(s); if ((i + 1) % 10000 === 0) { const a = performance.now(); ev += e.evaluate(s.timestamp).length; evMs += performance.now() - a; } }
  const ms = performance.now() - t0; const cpu = process.cpuUsage(c0); const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(round, "cpu rate", Math.round(batch.length / cpuMs * 1000), Math.round(batch.length / ms * 1000), 'samples/s total;', 'evaluate ms', evMs.toFixed(0), 'of', ms.toFixed(0), 'transitions', ev, e.stats());
}
