'use strict';
// The snapshift dashboard: one run at a time, kept up to date by server-sent events from /api/runs/ID/events.
const snapshift = (() => {
  const token = new URLSearchParams(location.search).get('token');
  const $ = (id) => document.getElementById(id);
  let source = null;
  let currentRun = null;
  let lastState = null;
  let selectedDb = null;

  function api(path) {
    if (!token) return path;
    return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
  }

  async function fetchJson(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = Object.assign({'Accept': 'application/json'}, opts.headers || {});
    if (token) opts.headers['X-Snapshift-Token'] = token;
    const response = await fetch(path, opts);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error && body.error.message ? body.error.message : 'HTTP ' + response.status);
    }
    return body;
  }

  function text(id, value) { $(id).textContent = value == null || value === '' ? '\u2014' : String(value); }
  function number(n) { return n == null ? '\u2014' : Number(n).toLocaleString('en-US'); }
  function millis(ms) { return ms == null ? '\u2014' : number(ms) + ' ms'; }
  function duration(ms) {
    if (ms == null) return '\u2014';
    if (ms < 1000) return ms + ' ms';
    let s = Math.round(ms / 1000);
    if (s < 60) return s + 's';
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return (h > 0 ? h + 'h ' : '') + m + 'm ' + String(s).padStart(2, '0') + 's';
  }
  function size(bytes) {
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(0) + ' KiB';
    if (bytes < 1024 * 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + ' MiB';
    return (bytes / 1024 / 1024 / 1024).toFixed(2) + ' GiB';
  }
  function banner(message) {
    $('error-banner').hidden = !message;
    $('error-banner').textContent = message || '';
  }

  function failure(e, prefix) {
    // fetch rejects with a TypeError when the server cannot be reached at all
    return e instanceof TypeError ? 'snapshift is not reachable any more (its process ended?); the last state received is shown.'
      : prefix + e.message;
  }

  async function loadRuns() {
    try {
      const body = await fetchJson(api('/api/runs'));
      const select = $('run-select');
      const wanted = currentRun || (location.hash.startsWith('#run=') ? decodeURIComponent(location.hash.slice(5)) : null);
      select.replaceChildren(...body.runs.map((r) => {
        const o = document.createElement('option');
        o.value = r.runId;
        o.textContent = r.runId + ' \u2014 ' + r.statusLabel + (r.live ? ' (live)' : '');
        return o;
      }));
      $('no-runs').hidden = body.runs.length > 0;
      if (body.runs.length === 0) return;
      const pick = body.runs.some((r) => r.runId === wanted) ? wanted : body.runs[0].runId;
      select.value = pick;
      if (pick !== currentRun) show(pick);
    } catch (e) {
      banner(failure(e, 'Cannot list the runs: '));
    }
  }

  function show(runId) {
    if (source) source.close();
    currentRun = runId;
    selectedDb = null;
    history.replaceState(null, '', location.pathname + location.search + '#run=' + encodeURIComponent(runId));
    source = new EventSource(api('/api/runs/' + encodeURIComponent(runId) + '/events'));
    source.addEventListener('state', (e) => {
      banner(null);
      $('connection').textContent = 'live';
      render(JSON.parse(e.data));
    });
    source.addEventListener('end', () => {
      source.close();
      $('connection').textContent = 'run ended';
    });
    source.onerror = () => {
      $('connection').textContent = 'reconnecting\u2026';
      fetchJson(api('/api/runs/' + encodeURIComponent(runId))).then(render).catch((e) => banner(failure(e, '')));
    };
  }

  function render(run) {
    lastState = run;
    const o = run.overview;
    $('run').hidden = false;
    const status = $('status');
    status.textContent = o.statusLabel;
    status.className = 'label ' + o.status;
    text('phase', o.phase);
    text('consistency', o.consistency);
    text('elapsed', duration(o.elapsedMillis));
    text('rows', number(o.rows));
    text('rate', number(Math.round(o.rowsPerSecond)));
    text('mbps', o.mbPerSecond == null ? 'not measured'
      : '~' + o.mbPerSecond.toFixed(o.mbPerSecond < 10 ? 2 : 1) + ' (estimated)');
    const option = Array.from($('run-select').options).find((opt) => opt.value === run.runId);
    if (option) option.textContent = run.runId + ' \u2014 ' + o.statusLabel + (run.live ? ' (live)' : '');
    text('percent', o.percent == null ? null : o.percent.toFixed(1) + ' %');
    $('progress').value = o.percent == null ? 0 : o.percent;
    text('eta', o.etaMillis == null ? null : duration(o.etaMillis));
    text('lock-wait', millis(o.lockWaitMillis));
    text('lock-held', millis(o.lockHeldMillis));
    text('source', run.source);
    text('target', run.target);
    const err = (run.error ? run.error.code + ': ' + run.error.message : (run.interrupted ? 'Interrupted: the process running it is gone.' : ''))
      + (run.resumeCommand ? ' Resume it, keeping what was committed: ' + run.resumeCommand : '');
    $('run-error').hidden = !err;
    $('run-error').textContent = err;
    $('binlog-text').textContent = o.binlogText;
    $('binlog-details').hidden = !run.binlog;
    if (run.binlog) {
      text('binlog-file', run.binlog.file);
      text('binlog-position', run.binlog.position);
      text('binlog-gtid', run.binlog.gtidSet || '(GTIDs off)');
      const r = run.replication || {};
      text('cmd-mysql', r.mysql);
      text('cmd-legacy', r.mysqlLegacy);
      text('cmd-azure', r.azure);
    }
    renderCatchUp(run);
    renderLoad(run.sourceLoad);
    renderDatabases(run.databases || []);
    renderObjects(run.objects || [], run.transformations || []);
  }

  function renderObjects(objects, changes) {
    $('objects').hidden = objects.length === 0;
    $('object-rows').replaceChildren(...objects.map((o) => {
      const tr = document.createElement('tr');
      tr.dataset.object = o.label;
      const name = document.createElement('td');
      name.textContent = o.label;
      const status = document.createElement('td');
      const label = document.createElement('span');
      label.className = 'label ' + o.status;
      label.textContent = o.status === 'SKIPPED' ? 'Skipped' : o.status.charAt(0) + o.status.slice(1).toLowerCase().replace('_', ' ');
      status.append(label);
      const notes = document.createElement('td');
      notes.className = o.error ? 'detail error' : 'detail';
      const parts = [];
      if (o.error) parts.push(o.error);
      if (o.definerChanged) parts.push('definer ' + o.definerChanged.from + ' \u2192 ' + o.definerChanged.to);
      if (o.sqlModeTranslated) parts.push('sql_mode translated');
      (o.notes || []).forEach((n) => parts.push(n));
      notes.textContent = parts.join('; ');
      tr.append(name, status, notes);
      return tr;
    }));
    $('changes').hidden = changes.length === 0;
    $('change-list').replaceChildren(...changes.map((c) => {
      const li = document.createElement('li');
      li.dataset.kind = c.kind;
      li.textContent = c.description;
      return li;
    }));
  }

  function coordinates(c) { return c ? c.file + ':' + c.position + (c.gtidSet ? ' (GTID ' + c.gtidSet + ')' : '') : null; }

  function renderCatchUp(run) {
    const c = run.catchUp;
    $('catchup').hidden = !c;
    if (!c) return;
    text('catchup-seconds', c.secondsBehind < 0 ? 'unknown' : number(c.secondsBehind) + ' s');
    text('catchup-bytes', c.bytesBehind < 0 ? 'unknown' : number(c.bytesBehind) + ' bytes');
    text('catchup-eps', number(Math.round(c.eventsPerSecond)));
    text('catchup-rps', number(Math.round(c.rowsPerSecond)));
    text('catchup-transactions', number(c.transactions));
    text('catchup-events', number(c.events));
    text('catchup-applied', coordinates(c.applied));
    const cut = run.cutover;
    const verdict = $('cutover-verdict');
    verdict.textContent = cut ? 'cutover ' + cut.verdict : '';
    text('cutover-final', cut ? coordinates(cut.finalCoordinates) : null);
    text('cutover-stopped', cut && cut.writesStoppedMillis != null ? millis(cut.writesStoppedMillis) : null);
    $('catchup-hint').textContent = cut ? (cut.error || '')
      : 'Stop the writes on the source, then: bin/snapshift cutover ' + run.runId;
  }

  function renderLoad(load) {
    $('load-note').hidden = !!load;
    const samples = load ? load.historyList : [];
    text('snapshot-age', load && load.snapshotAgeMillis != null ? duration(load.snapshotAgeMillis) : null);
    const last = samples.length ? samples[samples.length - 1].length : null;
    text('history-length', last != null ? number(last) : (load && load.historyListError ? 'unknown: ' + load.historyListError : null));
    const warning = load ? load.historyListWarning : null;
    $('history-warning').hidden = !warning;
    $('history-warning').textContent = warning || '';
    const chart = $('history-chart');
    if (samples.length < 2) {
      chart.replaceChildren();
      return;
    }
    const max = Math.max(1, ...samples.map((s) => s.length));
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', samples.map((s, i) =>
      (i * 600 / (samples.length - 1)).toFixed(1) + ',' + (78 - s.length * 76 / max).toFixed(1)).join(' '));
    chart.replaceChildren(line);
  }

  function renderDatabases(dbs) {
    if (!dbs.some((d) => d.name === selectedDb)) selectedDb = dbs.length ? dbs[0].name : null;
    const names = {queued: 'queued', inProgress: 'in progress', completed: 'completed', retrying: 'retrying', failed: 'failed'};
    $('database-list').replaceChildren(...dbs.map((d) => {
      const li = document.createElement('li');
      li.dataset.db = d.name;
      li.className = 'database' + (d.name === selectedDb ? ' selected' : '');
      const name = document.createElement('strong');
      name.textContent = d.name;
      const label = document.createElement('span');
      label.className = 'label ' + d.status;
      label.textContent = d.label;
      const counts = document.createElement('span');
      counts.className = 'counts';
      counts.append(...Object.keys(names).map((k) => {
        const s = document.createElement('span');
        s.className = 'count-' + k;
        s.textContent = d.counts[k] + ' ' + names[k];
        return s;
      }));
      li.append(name, label, counts);
      li.addEventListener('click', () => { selectedDb = d.name; renderDatabases(lastState.databases); });
      return li;
    }));
    const db = dbs.find((d) => d.name === selectedDb);
    $('tables-title').textContent = db ? 'Tables of ' + db.name : 'Tables';
    $('table-rows').replaceChildren(...(db ? db.tables : []).map(tableRow));
  }

  function tableRow(t) {
    const tr = document.createElement('tr');
    tr.dataset.table = t.name;
    const cell = (cls, value) => {
      const td = document.createElement('td');
      td.className = cls;
      if (value instanceof Node) td.append(value); else td.textContent = value;
      tr.append(td);
      return td;
    };
    cell('name', t.name);
    const status = cell('status', '');
    const label = document.createElement('span');
    label.className = 'label ' + t.status;
    label.textContent = t.label;
    status.append(label);
    const detail = document.createElement('span');
    if (t.status === 'IN_PROGRESS') {
      detail.className = 'detail';
      detail.textContent = number(t.rows) + ' rows, ' + t.percent.toFixed(1) + ' %';
    } else if ((t.status === 'RETRYING' || t.status === 'FAILED') && t.error) {
      detail.className = 'detail error';
      detail.textContent = t.error;
    }
    if (detail.className) status.append(detail);
    cell('rows num', number(t.rows));
    cell('size num', t.estimatedBytes == null ? '\u2014' : size(t.estimatedBytes));
    cell('duration num', t.durationMillis == null ? '\u2014' : duration(t.durationMillis));
    cell('retries num', String(t.retries));
    // each chunk's row count and digest equal on both sides, read inside the snapshot (--no-verify: none)
    const verified = cell('verified', t.verified === true ? 'verified' : t.verified === 'mismatch' ? 'mismatch' : '\u2014');
    if (t.verified === 'mismatch') verified.classList.add('error');
    return tr;
  }

  function copy(id) {
    const value = $(id).textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(value).catch(() => {});
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('run-select').addEventListener('change', (e) => show(e.target.value));
    document.querySelectorAll('button.copy').forEach((b) => b.addEventListener('click', () => copy(b.dataset.copy)));
    loadRuns();
    setInterval(loadRuns, 5000);
  });

  return {fetchJson, api, loadRuns, show, banner, size};
})();
