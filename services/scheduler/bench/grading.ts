import { cpus } from 'node:os';
import type { GradingInput } from '../src/grading/index.js';
import { gradeComplaint } from '../src/grading/index.js';

// Intake grades every complaint (target: 2,000 complaints/s all in), so grading must stay far under
// 100 µs for a 500-character text. Figures are grades per second on one core, after a warm-up.

const pieces = [
  '您好，我上周在旗舰店买的电暖器，用了三天就开始有异味，',
  '客服一直让我等，已经等了五天了，物流信息也不更新。',
  '這個產品的包裝很好，但是說明書寫得不清楚，',
  'The parcel arrived late and the box was damaged on one side. ',
  'I contacted support twice and nobody answered my emails. ',
  '希望以后能增加一个定时关机的功能，',
  '孩子很喜欢这个颜色😀👍，不过按钮有点松，',
  'It would be nice if the app showed the delivery window. ',
  '订单号 20260301123456，麻烦尽快处理一下，谢谢！',
  '这次的质量比上次差很多，我想退货。',
];
const ideas = [
  '建议增加一个定时关机的功能，希望以后能出更多颜色，',
  'It would be nice if the app showed the delivery window. ',
  '如果能加一個夜間模式就好了，謝謝你們的產品😀，',
];
const urgent = [
  '用着用着突然冒烟了，差点起火。',
  'My account was hacked and there is an unauthorized charge. ',
];

/** Deterministic 500-character texts: mixed Chinese, Traditional and English, some urgent. */
function texts(count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    let text = '';
    // One text in eight is a pure suggestion, as level 3 takes the longest path through the rules.
    const source = n % 8 === 3 ? ideas : pieces;
    for (let i = n; text.length < 500; i += 7) text += source[(i * 31 + n) % source.length];
    if (n % 5 === 0) text = text.slice(0, 250) + urgent[n % urgent.length] + text.slice(250);
    return text.slice(0, 500);
  });
}

const inputs: GradingInput[] = texts(1_024).map((text, i) => ({
  text,
  category: i % 2 === 0 ? 'quality' : 'logistics',
  channel: i % 3 === 0 ? 'social' : 'chat',
  customer: { tier: i % 4 === 0 ? 'vip' : 'regular', complaintsLast30Days: i % 6 },
}));

function gradesPerSecond(run: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) run(i);
  let calls = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < 1_000) {
    for (let i = 0; i < 2_000; i++) run(calls + i);
    calls += 2_000;
    elapsed = performance.now() - began;
  }
  return (calls / elapsed) * 1_000;
}

function report(name: string, perSecond: number): void {
  const micros = 1_000_000 / perSecond;
  console.log(
    `${name}: ${Math.round(perSecond).toLocaleString('en')} grades/s (${micros.toFixed(2)} µs/grade)`,
  );
}

const levels = [0, 0, 0, 0];
for (const input of inputs) {
  const { level } = gradeComplaint(input);
  levels[level] = (levels[level] ?? 0) + 1;
}
console.log(`grading bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, 1 core`);
console.log(`levels over the sample: 1: ${levels[1]}, 2: ${levels[2]}, 3: ${levels[3]}`);
report(
  'gradeComplaint, 500-char mixed texts',
  gradesPerSecond((i) => gradeComplaint(inputs[i % inputs.length] ?? inputs[0]!)),
);
const long = { ...inputs[1]!, text: texts(40).join('') };
report(
  'gradeComplaint, 20,000-char text',
  gradesPerSecond(() => gradeComplaint(long)),
);
