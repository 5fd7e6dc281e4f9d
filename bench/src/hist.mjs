// A latency histogram with 1 % relative buckets (1 µs .. 100 s): every delivery is recorded without
// keeping millions of samples, and histograms from several worker processes add up exactly.
const R = Math.log(1.01);
const SIZE = 1900;

export class Hist {
  constructor() {
    this.buckets = new Float64Array(SIZE);
    this.n = 0;
    this.sum = 0;
    this.max = 0;
  }

  add(ms) {
    const us = Math.max(1, ms * 1000);
    this.buckets[Math.min(SIZE - 1, Math.round(Math.log(us) / R))]++;
    this.n++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  /** The p-quantile in ms (0 < p <= 1), within 1 %; null when empty. */
  quantile(p) {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.buckets[i];
      if (seen >= rank) return Math.min(this.max, Math.exp(i * R) / 1000);
    }
    return this.max;
  }

  summary() {
    const r = (v) => (v === null ? null : Math.round(v * 100) / 100);
    return { count: this.n, p50: r(this.quantile(0.5)), p99: r(this.quantile(0.99)), max: r(this.n ? this.max : null),
      mean: r(this.n ? this.sum / this.n : null) };
  }

  toJSON() {
    const sparse = [];
    this.buckets.forEach((c, i) => c && sparse.push([i, c]));
    return { sparse, n: this.n, sum: this.sum, max: this.max };
  }

  merge(json) {
    for (const [i, c] of json.sparse) this.buckets[i] += c;
    this.n += json.n;
    this.sum += json.sum;
    this.max = Math.max(this.max, json.max);
    return this;
  }
}
