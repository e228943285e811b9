// Builds elements from data with textContent only: names are never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "className") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

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

/// Marks the input named by an API error and shows its message beside it.
export function showFieldError(form, error) {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
  const input = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
  if (input) {
    input.classList.add("invalid");
    input.closest("label")?.append(h("span", { className: "field-error" }, error.message));
    input.focus();
  } else {
    notice(error.message, true);
  }
}
