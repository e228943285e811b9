// Numbers and dates as Vietnamese readers write them: "1.250.000", "12,5", "02/12/2026".
// Written by hand (no Intl locale data needed): the kiosk's Chromium may lack Vietnamese.
export function vnNumber(value, decimals = 2) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return "–";
  const n = Number(value);
  const scale = 10 ** decimals;
  const scaled = Math.round(Math.abs(n) * scale);
  const whole = Math.floor(scaled / scale);
  const fraction = String(scaled % scale).padStart(decimals, "0").replace(/0+$/, "");
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (n < 0 && scaled > 0 ? "-" : "") + grouped + (fraction ? "," + fraction : "");
}

/// "2026-12-02" (or an ISO moment's date) as "02/12/2026".
export function vnDate(iso) {
  if (!iso) return "";
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
