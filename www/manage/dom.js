// The element builder is shared with the kiosk.
import { h } from "/shared/dom.js";
export { h };

export function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

let noticeTimer = null;
/// A message for staff: good news fades after 5 seconds; errors (`kind` true) and warnings
/// (`kind` "warn") stay until the next message.
export function notice(text, kind = false) {
  const el = document.getElementById("notice");
  el.textContent = text;
  el.className = kind === "warn" ? "notice warned" : kind ? "notice bad" : "notice";
  el.hidden = !text;
  clearTimeout(noticeTimer);
  if (text && !kind) noticeTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

export function select(name, options, value, { empty } = {}) {
  const el = h("select", { name });
  if (empty !== undefined) el.append(h("option", { value: "" }, empty));
  for (const [key, text] of Object.entries(options)) {
    el.append(h("option", { value: key, selected: key === value }, text));
  }
  return el;
}

/// Shows every field error of an API answer beside its field, in the person's words, and
/// clears each as soon as its field is changed; errors of no field of the form go to the notice.
export function showFieldError(form, error) {
  clearFieldErrors(form);
  const all = (error.details && error.details.errors) || [{ field: error.field, message: error.message }];
  const unplaced = [];
  for (const item of all) {
    const input = item.field && form.querySelector(`[name="${CSS.escape(item.field)}"]`);
    const label = input && input.closest("label");
    if (!label) { unplaced.push(item.message); continue; }
    input.classList.add("invalid");
    input.setAttribute("aria-invalid", "true");
    label.append(h("span", { className: "field-error", role: "alert" }, item.message));
    const clear = () => { input.classList.remove("invalid"); input.removeAttribute("aria-invalid"); label.querySelector(".field-error")?.remove(); };
    input.addEventListener("input", clear, { once: true });
    input.addEventListener("change", clear, { once: true });
  }
  form.querySelector(".invalid")?.focus();  // the first in the form's order
  notice(unplaced.length ? unplaced.join(" ") : `Có ${all.length} chỗ cần sửa, ghi ngay bên cạnh ô đó.`, true);
}

/// Takes away the field errors a form shows (after a save that worked).
export function clearFieldErrors(form) {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll(".invalid").forEach((e) => { e.classList.remove("invalid"); e.removeAttribute("aria-invalid"); });
}
