// EMKG query UI: a small SPARQL highlighter, the saved-query gallery, and a results table.
// Every value from the server is put into the page with textContent, never as markup.
"use strict";

const KEYWORDS = new Set(("SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE OPTIONAL UNION MINUS " +
  "FILTER BIND VALUES GRAPH SERVICE SILENT GROUP BY ORDER HAVING LIMIT OFFSET DISTINCT REDUCED AS ASC DESC " +
  "NOT EXISTS IN UNDEF A COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LCASE UCASE CONTAINS " +
  "STRSTARTS STRENDS REGEX REPLACE BOUND IF COALESCE SAMETERM ISIRI ISLITERAL STRLEN STRAFTER STRBEFORE TRUE FALSE").split(" "));

const TOKEN = new RegExp([
  "(#[^\\n]*)",                                   // 1 comment
  "(\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // 2 string
  "(<[^<>\"{}|^`\\\\\\s]*>)",                      // 3 IRI
  "(\\$[A-Za-z_][\\w]*)",                          // 4 parameter
  "(\\?[A-Za-z_][\\w]*)",                          // 5 variable
  "([A-Za-z][\\w-]*:[\\w.-]*|:[\\w.-]+)",          // 6 prefixed name
  "(\\b\\d+(?:\\.\\d+)?\\b)",                      // 7 number
  "([A-Za-z_]+)",                                  // 8 word
].join("|"), "g");

function highlight(text, target) {
  target.replaceChildren();
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) target.append(text.slice(last, m.index));
    const cls = m[1] ? "comment" : m[2] ? "string" : m[3] ? "iri" : m[4] ? "param" : m[5] ? "var"
      : m[6] ? "pname" : m[7] ? "number" : KEYWORDS.has(m[8].toUpperCase()) ? "keyword" : null;
    if (cls) {
      const span = document.createElement("span");
      span.className = "tok-" + cls;
      span.textContent = m[0];
      target.append(span);
    } else {
      target.append(m[0]);
    }
    last = m.index + m[0].length;
  }
  target.append(text.slice(last) + "\n");
}

const state = { saved: null, catalogue: {} };

function $(id) { return document.getElementById(id); }

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function refresh() {
  highlight($("sparql").value, $("highlight"));
  const edited = state.saved !== null && !usingSaved();
  $("query-title").dataset.edited = edited ? "yes" : "";
  $("params").hidden = edited;  // an edited query runs as plain SPARQL, without parameters
  const pre = $("highlight").parentElement;
  pre.scrollTop = $("sparql").scrollTop;
}

function openSaved(name) {
  const q = state.catalogue[name];
  if (!q) return;
  state.saved = q;
  $("sparql").value = q.sparql;
  $("query-title").replaceChildren(q.title.en, " ");
  const ar = document.createElement("bdi");
  ar.lang = "ar"; ar.dir = "rtl"; ar.textContent = q.title.ar;
  $("query-title").append(ar);
  $("query-description").textContent = q.description;
  const form = $("params");
  form.replaceChildren();
  for (const p of q.parameters) {
    if (p.derived_from) continue;  // computed by the server from another parameter
    const label = document.createElement("label");
    label.append(p.name + (p.required ? " *" : "") + " ");
    const input = document.createElement("input");
    input.name = p.name;
    input.dir = "auto";
    input.value = p.required ? (p.example || "") : (p.default == null ? "" : String(p.default));
    input.placeholder = p.type + (p.example ? " e.g. " + p.example : "");
    input.title = p.description;
    label.append(input);
    form.append(label);
  }
  refresh();
}

function savedUrl(format) {
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value.trim() !== "") params.set(input.name, input.value);
  }
  if (format) params.set("format", format);
  return "/queries/" + encodeURIComponent(state.saved.name) + "?" + params.toString();
}

function freeUrl(format) {
  const params = new URLSearchParams({ query: $("sparql").value });
  if (format) params.set("format", format);
  return "/sparql?" + params.toString();
}

function usingSaved() {
  return state.saved !== null && $("sparql").value === state.saved.sparql;
}

async function run() {
  const saved = usingSaved();
  setStatus("running…");
  let response;
  try {
    response = saved
      ? await fetch(savedUrl(null), { headers: { Accept: "application/sparql-results+json" } })
      : await fetch("/sparql", { method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
          body: new URLSearchParams({ query: $("sparql").value }) });
  } catch (err) {
    setStatus("network error: " + err, true);
    return;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    setStatus((body && body.error ? body.error.message : response.statusText), true);
    return;
  }
  renderResults(body);
  for (const a of $("downloads").querySelectorAll("a")) {
    a.href = saved ? savedUrl(a.dataset.format) : freeUrl(a.dataset.format);
  }
  $("downloads").hidden = false;
}

function cell(term, dataBase) {
  const td = document.createElement("td");
  if (!term) return td;
  const bdi = document.createElement("bdi");
  bdi.dir = "auto";
  bdi.textContent = term.value;
  if (term["xml:lang"]) bdi.lang = term["xml:lang"];
  const linkable = term.type === "uri" && /^https?:\/\//.test(term.value);  // never javascript:
  if (linkable) {
    const a = document.createElement("a");
    a.href = term.value.startsWith(dataBase) ? "/id/" + term.value.slice(dataBase.length) : term.value;
    a.append(bdi);
    td.append(a);
  } else {
    td.append(bdi);
  }
  return td;
}

function renderResults(body) {
  const table = $("results");
  table.replaceChildren();
  if (typeof body.boolean === "boolean") {
    setStatus("answer: " + body.boolean);
    return;
  }
  const vars = body.head.vars;
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const tbody = table.createTBody();
  const dataBase = document.body.dataset.base || "https://w3id.org/emkg/id/";
  for (const binding of body.results.bindings) {
    const row = tbody.insertRow();
    for (const v of vars) row.append(cell(binding[v], dataBase));
  }
  setStatus(body.results.bindings.length + " rows");
}

function addPrefixes(prefixes) {
  const text = $("sparql").value;
  const missing = Object.entries(prefixes)
    .filter(([p]) => !new RegExp("PREFIX\\s+" + p + ":", "i").test(text))
    .map(([p, iri]) => "PREFIX " + p + ": <" + iri + ">");
  if (missing.length) $("sparql").value = missing.join("\n") + "\n" + text;
  refresh();
}

async function start() {
  const data = JSON.parse($("ui-data").textContent);
  const catalogue = await fetch("/queries.json").then((r) => r.json());
  for (const q of catalogue.queries) state.catalogue[q.name] = q;
  $("sparql").addEventListener("input", refresh);
  $("sparql").addEventListener("scroll", refresh);
  $("run").addEventListener("click", run);
  $("add-prefixes").addEventListener("click", () => addPrefixes(data.prefixes));
  for (const button of document.querySelectorAll("button.saved")) {
    button.addEventListener("click", () => openSaved(button.dataset.name));
  }
  if (data.selected) openSaved(data.selected);
  refresh();
  document.body.dataset.ready = "yes";
}

document.addEventListener("DOMContentLoaded", start);
