(() => {
  const data = JSON.parse(document.getElementById('candidates').textContent);
  const columns = data.columns;
  const rows = [...document.querySelectorAll('.row')];
  const state = data.rows.map(r => ({decision: 'pending', row: {...r}, original: {...r}}));
  let current = 0;
  const FORMULA = /^[=+\-@\t\r]/, NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

  function show(i) {
    const s = state[i], el = rows[i];
    el.dataset.decision = s.decision;
    el.querySelector('.state').textContent = {pending: 'not reviewed', accepted: 'accepted',
      rejected: 'rejected'}[s.decision];
    el.querySelector('.pair').textContent = s.row.source + ' → ' + s.row.target;
    el.querySelector('.kind').textContent = s.row.kind;
    const done = state.filter(x => x.decision !== 'pending').length;
    document.getElementById('counts').textContent =
      done + ' of ' + state.length + ' reviewed';
  }
  function go(i) {
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((el, k) => el.classList.toggle('current', k === current));
    rows[current].focus();
  }
  function decide(i, decision) { state[i].decision = decision; show(i); }
  function swap(i) {
    const r = state[i].row;
    [r.source, r.target] = [r.target, r.source];
    show(i);
  }
  function edited(s) {
    const changes = [];
    for (const c of ['kind', 'source', 'target', 'value', 'unit', 'year']) {
      if (s.row[c] === s.original[c]) continue;
      changes.push(c + ' ' + (s.original[c] || '-') + ' -> ' + (s.row[c] || '-'));
    }
    return changes;
  }
  function cell(v) {
    v = v == null ? '' : String(v);
    if (FORMULA.test(v) && !NUMBER.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    const lines = [columns.map(cell).join(',')];
    for (const s of state) {
      if (s.decision === 'rejected') continue;
      const r = {...s.row};
      if (s.decision === 'accepted') {
        const changes = edited(s);
        r.status = 'reported';
        const said = changes.length ? ' (' + changes.join(', ') + ')' : '';
        r.note = [r.note, 'reviewed: accepted' + said].filter(Boolean).join('; ');
      }
      lines.push(columns.map(c => cell(r[c])).join(','));
    }
    return lines.join('\n') + '\n';
  }
  function download() {
    const blob = new Blob([csv()], {type: 'text/csv;charset=utf-8'});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = data.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  rows.forEach((el, i) => {
    el.addEventListener('click', () => {
      current = i;
      rows.forEach((x, k) => x.classList.toggle('current', k === i));
    });
    el.querySelectorAll('button[data-act]').forEach(b => b.addEventListener('click', ev => {
      ev.stopPropagation();
      const act = b.dataset.act;
      if (act === 'swap') swap(i); else decide(i, act);
    }));
    el.querySelectorAll('[name]').forEach(f => f.addEventListener('change', () => {
      state[i].row[f.name] = f.value.trim();
      const date = state[i].row.date;
      if (f.name === 'year' && date && !date.startsWith(f.value.trim())) state[i].row.date = '';
      show(i);
    }));
    show(i);
  });
  document.getElementById('download').addEventListener('click', download);
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    if (t.matches('input, select')) {
      if (ev.key === 'Enter' || ev.key === 'Escape') {
        t.dispatchEvent(new Event('change'));
        rows[current].focus();
        ev.preventDefault();
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const field = name => { rows[current].querySelector('[name="' + name + '"]').focus(); };
    const act = {
      j: () => go(current + 1), ArrowDown: () => go(current + 1),
      k: () => go(current - 1), ArrowUp: () => go(current - 1),
      a: () => decide(current, 'accepted'), r: () => decide(current, 'rejected'),
      u: () => decide(current, 'pending'), s: () => swap(current),
      e: () => field('kind'), v: () => field('value'), y: () => field('year'),
      D: download,
    }[ev.key];
    if (act) { act(); ev.preventDefault(); }
  });
  if (rows.length) go(0);
})();
