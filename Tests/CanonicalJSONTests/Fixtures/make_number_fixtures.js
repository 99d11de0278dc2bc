// Writes numbers.json: doubles (as IEEE-754 bit patterns in hex) and the string ECMAScript's
// Number.prototype.toString gives for each, which is RFC 8785's canonical number format.
// Run with node (any version with BigInt): node make_number_fixtures.js > numbers.json
"use strict";

let state = 0x2545f4914f6cdd1dn;
function next64() {
  // xorshift64*: a fixed, seeded stream so the fixture is reproducible.
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}

const view = new DataView(new ArrayBuffer(8));
function fromBits(bits) { view.setBigUint64(0, bits); return view.getFloat64(0); }
function toBits(x) { view.setFloat64(0, x); return view.getBigUint64(0).toString(16).padStart(16, "0"); }

const values = [];
// Edge cases: powers of ten around the layout switches, extremes, halves, integers near 2^53.
for (let e = -30; e <= 30; e++) { values.push(Number("1e" + e)); values.push(Number("1.5e" + e)); values.push(Number("-2.75e" + e)); }
values.push(5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2, 1 / 3, 2 ** 53, 2 ** 53 + 2, 2 ** 60, 123456789012345680000);
// Random bit patterns (all exponents) and random "ordinary" values (short decimals).
for (let i = 0; i < 1500; i++) {
  const x = fromBits(next64());
  if (Number.isFinite(x)) values.push(x);
}
for (let i = 0; i < 1500; i++) {
  const digits = Number(next64() % 1000000n);
  const exponent = Number(next64() % 40n) - 20;
  values.push(digits * 10 ** exponent);
}
const rows = values.filter((x) => x !== 0).map((x) => [toBits(x), String(x)]);
process.stdout.write(JSON.stringify(rows) + "\n");
