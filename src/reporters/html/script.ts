// The HTML report's one inline script (allowed by the page's CSP through its sha256 hash). It reads
// the report data from the page's application/json block and builds the accounts table, the matrix
// and the findings list with createElement and textContent only: no value from the report is ever
// parsed as HTML. Long lists are drawn a page at a time. Plain ES2017, no dependencies.
// It must never contain "</script" or "<!--" (the reporter checks).
export const PAGE_SCRIPT = String.raw`(function () {
"use strict";
var D = JSON.parse(document.getElementById("report-data").textContent);
var S = D.s;
var PAGE = { findings: 100, accounts: 100, matrix: 50 };
var T = D.t;
function str(i) { return i < 0 ? "" : S[i]; }
/** A finding's text field: a string, or a template filled with the finding's account id and pointer. */
function txt(f, k) {
  var v = f[k];
  if (v >= -1) return str(v);
  var vars = [str(f[14]), str(f[15])];
  return T[-2 - v].map(function (p) { return typeof p === "number" ? vars[p] : p; }).join("");
}
function pretty(json) {
  try { return JSON.stringify(JSON.parse(json), null, 2); } catch (e) { return json; }
}
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function byId(id) { return document.getElementById(id); }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

var CELL_LABEL = { F: "FAIL", E: "ERROR", S: "suppressed", P: "PASS", N: "NOT_APPLICABLE", "-": "no result" };
var CELL_TEXT = { F: "FAIL", E: "ERR", S: "SUP", P: "PASS", N: "N/A", "-": "" };
var CELL_CLASS = { F: "fail", E: "error", S: "suppressed", P: "pass", N: "na", "-": "none" };
var STATUS_CLASS = { PASS: "pass", FAIL: "fail", ERROR: "error", NOT_APPLICABLE: "na" };

var accounts = D.accounts.map(function (a, i) {
  var id = str(a.a[0]), name = str(a.a[1]), input = str(a.a[2]), ou = str(a.a[3]);
  var label = (input || id) + (name ? " (" + name + ")" : "");
  return { i: i, id: id, name: name, input: input, ou: ou, label: label, search: (id + " " + name + " " + input).toLowerCase(), raw: a };
});
var hasOu = D.ous.length > 0;
var hasBaseline = D.findings.some(function (f) { return f[12] >= 0; }) || D.accounts.some(function (a) { return a.d !== undefined; });

var state = { status: "", severity: "", check: "", account: "", ou: "", baseline: "" };
var pages = { findings: 0, accounts: 0, matrix: 0 };
var sort = { key: "", dir: 1 };

function accountMatches(acc) {
  if (state.account && acc.search.indexOf(state.account.toLowerCase()) < 0) return false;
  if (state.ou && acc.ou !== state.ou && acc.ou.indexOf(state.ou + "/") !== 0) return false;
  return true;
}
function findingMatches(f) {
  var status = D.statuses[f[1]];
  var suppressed = f[10] >= 0;
  if (state.status === "suppressed") { if (!suppressed) return false; }
  else if (state.status === "FAIL") { if (status !== "FAIL" || suppressed) return false; }
  else if (state.status && status !== state.status) return false;
  if (state.severity !== "" && String(f[2]) !== state.severity) return false;
  if (state.check !== "" && String(f[0]) !== state.check) return false;
  if (state.baseline !== "" && String(f[12]) !== state.baseline) return false;
  if (state.account || state.ou) {
    var acc = accounts[f[3]];
    if (!acc || !accountMatches(acc)) return false;
  }
  return true;
}

function pager(node, total, size, key, redraw) {
  clear(node);
  var count = Math.max(1, Math.ceil(total / size));
  if (pages[key] >= count) pages[key] = count - 1;
  var first = total === 0 ? 0 : pages[key] * size + 1;
  var last = Math.min(total, (pages[key] + 1) * size);
  var info = el("span", "pager-info", "Showing " + first + "\u2013" + last + " of " + total);
  var prev = el("button", "", "Previous");
  prev.type = "button";
  prev.disabled = pages[key] === 0;
  prev.addEventListener("click", function () { pages[key] -= 1; redraw(); });
  var next = el("button", "", "Next");
  next.type = "button";
  next.disabled = pages[key] >= count - 1;
  next.addEventListener("click", function () { pages[key] += 1; redraw(); });
  node.appendChild(prev);
  node.appendChild(el("span", "pager-page", "Page " + (pages[key] + 1) + " of " + count));
  node.appendChild(next);
  node.appendChild(info);
  return [pages[key] * size, last];
}

// Accounts table: sortable by every column.
var COLUMNS = [
  { key: "account", label: "Account", value: function (a) { return a.input || a.id; } },
  { key: "name", label: "Name", value: function (a) { return a.name; } },
];
if (hasOu) COLUMNS.push({ key: "ou", label: "OU", value: function (a) { return a.ou; } });
COLUMNS.push({ key: "score", label: "Score", num: true, value: function (a) { return a.raw.score; } });
D.severities.forEach(function (s, i) {
  COLUMNS.push({ key: s, label: s.charAt(0).toUpperCase() + s.slice(1), num: true, value: function (a) { return a.raw.f[i]; } });
});
COLUMNS.push({ key: "ERROR", label: "ERROR", num: true, value: function (a) { return a.raw.c[2]; } });
COLUMNS.push({ key: "suppressed", label: "Suppressed", num: true, value: function (a) { return a.raw.sup; } });
if (hasBaseline) COLUMNS.push({ key: "change", label: "Change", num: true, value: function (a) { return a.raw.d === undefined ? null : a.raw.d; } });

function compareValues(x, y) {
  if (x === y) return 0;
  if (x === null || x === undefined || x === "") return 1;
  if (y === null || y === undefined || y === "") return -1;
  return x < y ? -1 : 1;
}

function drawAccountsHead() {
  var row = byId("accounts-head");
  clear(row);
  COLUMNS.forEach(function (col) {
    var th = el("th", col.num ? "num" : "");
    th.scope = "col";
    th.setAttribute("aria-sort", sort.key === col.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
    var b = el("button", "sort", col.label + (sort.key === col.key ? (sort.dir > 0 ? " \u25b2" : " \u25bc") : ""));
    b.type = "button";
    b.addEventListener("click", function () {
      if (sort.key === col.key) sort.dir = -sort.dir; else { sort.key = col.key; sort.dir = col.num ? -1 : 1; }
      pages.accounts = 0;
      drawAccounts();
    });
    th.appendChild(b);
    row.appendChild(th);
  });
}

function drawAccounts() {
  drawAccountsHead();
  var list = accounts.filter(accountMatches);
  if (sort.key) {
    var col = COLUMNS.filter(function (c) { return c.key === sort.key; })[0];
    list = list.slice().sort(function (a, b) {
      var va = col.value(a), vb = col.value(b);
      if (va === null || va === undefined || va === "") return vb === null || vb === undefined || vb === "" ? a.i - b.i : 1;
      if (vb === null || vb === undefined || vb === "") return -1;
      return sort.dir * compareValues(va, vb) || a.i - b.i;
    });
  }
  var range = pager(byId("accounts-pager"), list.length, PAGE.accounts, "accounts", drawAccounts);
  var body = byId("accounts-body");
  clear(body);
  list.slice(range[0], range[1]).forEach(function (a) {
    var tr = el("tr");
    COLUMNS.forEach(function (col) {
      var v = col.value(a);
      var text = v === null || v === undefined ? (col.key === "score" ? "n/a" : "") : col.key === "change" && v > 0 ? "+" + v : v;
      tr.appendChild(el(col.key === "account" ? "th" : "td", col.num ? "num" : "", text));
    });
    body.appendChild(tr);
  });
}

function drawMatrix() {
  var table = byId("matrix");
  var head = el("tr");
  var corner = el("th", "corner", "Account");
  corner.scope = "col";
  head.appendChild(corner);
  D.checks.forEach(function (c) {
    var th = el("th", "check");
    th.scope = "col";
    th.title = str(c[0]) + ": " + str(c[1]) + " (" + D.severities[c[2]] + ")";
    th.appendChild(el("span", "", str(c[0])));
    head.appendChild(th);
  });
  var list = accounts.filter(accountMatches);
  var range = pager(byId("matrix-pager"), list.length, PAGE.matrix, "matrix", drawMatrix);
  clear(table);
  var thead = el("thead");
  thead.appendChild(head);
  table.appendChild(thead);
  var body = el("tbody");
  list.slice(range[0], range[1]).forEach(function (a) {
    var tr = el("tr");
    var th = el("th", "", a.label);
    th.scope = "row";
    if (a.ou) th.title = "OU " + a.ou;
    tr.appendChild(th);
    for (var j = 0; j < D.checks.length; j++) {
      var letter = a.raw.m.charAt(j);
      var td = el("td", "cell " + CELL_CLASS[letter]);
      td.dataset.status = CELL_LABEL[letter];
      td.title = a.label + " \u00d7 " + str(D.checks[j][0]) + ": " + CELL_LABEL[letter];
      if (letter !== "-") {
        var b = el("button", "", CELL_TEXT[letter]);
        b.type = "button";
        b.setAttribute("aria-label", td.title);
        b.addEventListener("click", showCell.bind(null, a, j));
        td.appendChild(b);
      }
      tr.appendChild(td);
    }
    body.appendChild(tr);
  });
  table.appendChild(body);
}

function showCell(acc, check) {
  state.account = acc.input || acc.id;
  state.check = String(check);
  state.status = "";
  syncFilters();
  update();
  byId("findings").scrollIntoView();
}

function copyText(text, pre, button) {
  function done(message) {
    button.textContent = message;
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }
  function fallback() {
    // Opened from disk the Clipboard API may be refused: select the commands for Ctrl+C instead.
    var range = document.createRange();
    range.selectNodeContents(pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok ? "Copied" : "Selected: press Ctrl+C");
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () { done("Copied"); }, fallback);
  } else fallback();
}

function field(parent, label, value, cls) {
  if (!value) return;
  var p = el("p", "field" + (cls ? " " + cls : ""));
  p.appendChild(el("span", "label", label + ": "));
  p.appendChild(el("span", "value", value));
  parent.appendChild(p);
}

function drawFinding(f) {
  var status = D.statuses[f[1]];
  var suppressed = f[10] >= 0;
  var check = D.checks[f[0]];
  var acc = accounts[f[3]];
  var item = el("article", "finding " + (suppressed ? "suppressed" : STATUS_CLASS[status]));
  item.dataset.status = suppressed ? "suppressed" : status;
  item.dataset.severity = D.severities[f[2]];
  var head = el("h3");
  head.appendChild(el("span", "badge status " + (suppressed ? "suppressed" : STATUS_CLASS[status]), suppressed ? "FAIL (suppressed)" : status));
  head.appendChild(el("span", "badge severity " + D.severities[f[2]], D.severities[f[2]]));
  if (f[12] >= 0) head.appendChild(el("span", "badge baseline " + (f[12] === 0 ? "new" : "unchanged"), f[12] === 0 ? "new" : "unchanged"));
  head.appendChild(el("span", "check-id", check ? str(check[0]) : ""));
  head.appendChild(el("span", "check-title", check ? str(check[1]) : ""));
  item.appendChild(head);
  item.appendChild(el("p", "message", txt(f, 6)));
  field(item, "Account", acc ? acc.label : "");
  if (acc && acc.ou) field(item, "OU", acc.ou);
  field(item, "Region", str(f[4]));
  field(item, "Resource", txt(f, 5), "mono");
  field(item, "Location", str(f[7]), "mono");
  if (suppressed) {
    field(item, "Suppressed", str(f[10]));
    field(item, "Expires", str(f[11]) || "never");
  }
  field(item, "Fix", txt(f, 13));
  if (f[9] !== -1) {
    var commands = txt(f, 9);
    var box = el("div", "commands");
    var pre = el("pre", "mono", commands);
    var b = el("button", "copy", "Copy");
    b.type = "button";
    b.addEventListener("click", function () { copyText(commands, pre, b); });
    box.appendChild(b);
    box.appendChild(pre);
    item.appendChild(box);
  }
  if (f[8] !== -1) {
    var details = el("details", "evidence");
    details.appendChild(el("summary", "", "Evidence"));
    details.appendChild(el("pre", "mono", pretty(txt(f, 8))));
    item.appendChild(details);
  }
  return item;
}

var printing = false;
function drawFindings() {
  var list = D.findings.filter(findingMatches);
  byId("findings-count").textContent = String(list.length);
  var all = printing && list.length <= 2000;
  var range = all ? [0, list.length] : pager(byId("findings-pager"), list.length, PAGE.findings, "findings", drawFindings);
  var box = byId("findings-list");
  clear(box);
  var fragment = document.createDocumentFragment();
  list.slice(range[0], range[1]).forEach(function (f) { fragment.appendChild(drawFinding(f)); });
  box.appendChild(fragment);
  if (list.length === 0) box.appendChild(el("p", "empty", "No finding matches these filters."));
  if (printing) Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
}

function option(select, value, label) {
  var o = el("option", "", label);
  o.value = value;
  select.appendChild(o);
}

function setupFilters() {
  var status = byId("filter-status");
  option(status, "", "all");
  ["FAIL", "suppressed", "ERROR", "PASS", "NOT_APPLICABLE"].forEach(function (s) { option(status, s, s === "FAIL" ? "FAIL (not suppressed)" : s === "suppressed" ? "FAIL (suppressed)" : s); });
  var severity = byId("filter-severity");
  option(severity, "", "all");
  D.severities.forEach(function (s, i) { option(severity, String(i), s); });
  var check = byId("filter-check");
  option(check, "", "all");
  D.checks.forEach(function (c, i) { option(check, String(i), str(c[0])); });
  var ou = byId("filter-ou");
  if (hasOu) {
    option(ou, "", "all");
    var paths = {};
    D.ous.forEach(function (i) {
      var parts = str(i).split("/");
      for (var n = 1; n <= parts.length; n++) paths[parts.slice(0, n).join("/")] = true;
    });
    Object.keys(paths).sort().forEach(function (p) { option(ou, p, p); });
  } else byId("filter-ou-label").hidden = true;
  var baseline = byId("filter-baseline");
  if (hasBaseline) {
    option(baseline, "", "all");
    option(baseline, "0", "new");
    option(baseline, "1", "unchanged");
  } else byId("filter-baseline-label").hidden = true;
  [["filter-status", "status"], ["filter-severity", "severity"], ["filter-check", "check"], ["filter-ou", "ou"], ["filter-baseline", "baseline"]].forEach(function (p) {
    byId(p[0]).addEventListener("change", function (e) { state[p[1]] = e.target.value; pages.findings = 0; update(); });
  });
  byId("filter-account").addEventListener("input", function (e) { state.account = e.target.value.trim(); pages.findings = 0; pages.accounts = 0; pages.matrix = 0; update(); });
  byId("filter-reset").addEventListener("click", function () {
    state = { status: "", severity: "", check: "", account: "", ou: "", baseline: "" };
    syncFilters();
    update();
  });
}

function syncFilters() {
  byId("filter-status").value = state.status;
  byId("filter-severity").value = state.severity;
  byId("filter-check").value = state.check;
  byId("filter-account").value = state.account;
  byId("filter-ou").value = state.ou;
  byId("filter-baseline").value = state.baseline;
}

function update() {
  drawAccounts();
  drawMatrix();
  drawFindings();
}

// Printed (or saved as PDF): every filtered finding (up to 2,000) with its evidence open.
function setPrinting(on) {
  if (printing === on) return;
  printing = on;
  drawFindings();
}
window.addEventListener("beforeprint", function () { setPrinting(true); });
window.addEventListener("afterprint", function () { setPrinting(false); });
var printMedia = window.matchMedia ? window.matchMedia("print") : null;
if (printMedia && printMedia.addEventListener) printMedia.addEventListener("change", function (e) { setPrinting(e.matches); });
setupFilters();
update();
document.body.classList.add("ready");
})();
`;
