// Number formatting for the twin, the share snippet and the hardware results: ratios and rates
// only; every figure with a unit is formatted by the core (its display strings).

export var fmt2 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
export var fmt3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
export var fmtInt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function ratioNumber(x) {
  if (typeof x !== 'number' || !isFinite(x)) return null;
  if (x >= 100) return fmtInt.format(x);
  return fmt3.format(x);
}
export function rate(x, unit) {
  if (typeof x !== 'number' || !isFinite(x)) return '—';
  return (x >= 1000 ? fmtInt.format(x) : fmt3.format(x)) + ' ' + unit;
}
// fmt::multiple's wording below 10 (gui/format.cpp small()): one decimal from 1 up ("5.0"), and
// below 1 enough decimals for two significant digits, so the twin's snippet and the canvas's
// carry the same ?ph= (exact ties can still round apart: printf rounds them to even).
export function multipleText(v) {
  var a = Math.abs(v);
  if (a === 0) return '0';
  var decimals = a >= 1 ? 1 : Math.ceil(-Math.log10(a)) + 1;
  if (decimals > 12) return '0';
  return v.toFixed(decimals);
}
export function ratio(a, b) {
  return (typeof a === 'number' && typeof b === 'number' && b > 0) ? a / b : NaN;
}
export function countPhrase(n, one, many) {
  if (!isFinite(n)) return 'an unknown number of ' + many;
  var s = n >= 10 ? fmtInt.format(n) : fmt2.format(n);
  if (n < 1) return s + ' of a ' + one;
  return s + ' ' + (s === '1' ? one : many);
}
