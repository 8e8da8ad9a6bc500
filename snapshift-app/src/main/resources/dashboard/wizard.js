'use strict';
// The New migration wizard, shown only when the server offers it (bin/snapshift serve). Passwords go to the server
// with each request and are never sent back; the fields are cleared once a migration starts.
(() => {
  const $ = (id) => document.getElementById(id);

  function error(message) {
    $('wizard-error').hidden = !message;
    $('wizard-error').textContent = message || '';
  }

  function connection(role) {
    return {url: $(role + '-url').value.trim(), password: $(role + '-password').value};
  }

  function form() {
    return {
      source: connection('source'),
      target: connection('target'),
      databases: Array.from(document.querySelectorAll('#wizard-databases input:checked')).map((c) => c.value),
      consistency: (document.querySelector('#wizard-consistency input:checked') || {}).value,
      threads: $('wizard-threads').value,
      targetOptions: {
        definers: $('wizard-definers').value || 'auto',
        forceInnodb: $('wizard-force-innodb').checked,
        createInvisiblePks: $('wizard-invisible-pks').checked,
        collationMap: $('wizard-collation-map').value,
        users: $('wizard-users').value,
        includeTables: $('wizard-include-tables').value,
        excludeTables: $('wizard-exclude-tables').value,
      },
    };
  }

  function post(action, body) {
    return snapshift.fetchJson(snapshift.api('/api/wizard/' + action),
      {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
  }

  async function listDatabases() {
    error(null);
    try {
      const body = await post('databases', {source: connection('source')});
      $('wizard-databases').replaceChildren(...body.databases.map((d) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = d.name;
        box.name = 'database';
        label.append(box, ' ' + d.name + ' \u2014 ' + d.tables + ' tables, ~' + Number(d.estimatedRows).toLocaleString('en-US')
          + ' rows, ' + snapshift.size(d.bytes));
        return label;
      }));
      if (body.databases.length === 0) $('wizard-databases').textContent = 'The source has no database to migrate.';
    } catch (e) {
      error(e.message);
    }
  }

  async function preflight() {
    error(null);
    $('start-migration').disabled = true;
    $('preflight-summary').textContent = 'Running preflight\u2026';
    try {
      const body = await post('preflight', form());
      const rows = body.checks.map((c) => {
        const tr = document.createElement('tr');
        tr.className = 'check-' + c.level;
        for (const v of [c.name, c.level, c.detail, c.fix || '']) {
          const td = document.createElement('td');
          td.textContent = v;
          tr.append(td);
        }
        return tr;
      });
      $('preflight-results').querySelector('tbody').replaceChildren(...rows);
      $('preflight-results').hidden = false;
      $('preflight-summary').textContent = body.failed ? 'Preflight failed: fix the checks marked FAIL, then run it again.'
        : 'Preflight passed.';
      $('start-migration').disabled = body.failed;
    } catch (e) {
      $('preflight-summary').textContent = '';
      error(e.message);
    }
  }

  async function start() {
    error(null);
    try {
      const body = await post('start', form());
      $('source-password').value = '';
      $('target-password').value = '';
      $('wizard').hidden = true;
      snapshift.show(body.runId);
      snapshift.loadRuns();
    } catch (e) {
      error(e.message);
    }
  }

  async function init() {
    let offer;
    try {
      offer = await snapshift.fetchJson(snapshift.api('/api/wizard'));
    } catch (e) {
      return; // a migrate --ui dashboard: no wizard
    }
    $('wizard-consistency').append(...offer.consistency.map((c, i) => {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'consistency';
      radio.value = c.value;
      radio.checked = i === 0;
      const help = document.createElement('span');
      help.className = 'muted';
      help.textContent = ' \u2014 ' + c.description;
      label.append(radio, ' ' + c.label, help);
      return label;
    }));
    const definers = offer.definers || [];
    $('wizard-definers').append(...definers.map((d) => {
      const option = document.createElement('option');
      option.value = d.value;
      option.textContent = d.label;
      option.title = d.description;
      return option;
    }));
    const definerHelp = () => {
      const chosen = definers.find((d) => d.value === $('wizard-definers').value);
      $('wizard-definers-help').textContent = chosen ? chosen.description : '';
    };
    $('wizard-definers').addEventListener('change', definerHelp);
    definerHelp();
    $('wizard-open').hidden = false;
    $('wizard-open').addEventListener('click', () => { $('wizard').hidden = false; $('source-url').focus(); });
    $('wizard-cancel').addEventListener('click', () => { $('wizard').hidden = true; });
    $('list-databases').addEventListener('click', listDatabases);
    $('run-preflight').addEventListener('click', preflight);
    $('start-migration').addEventListener('click', start);
    $('wizard-form').addEventListener('input', () => { $('start-migration').disabled = true; });
    $('wizard-form').addEventListener('change', () => { $('start-migration').disabled = true; });
  }

  document.addEventListener('DOMContentLoaded', init);
})();
