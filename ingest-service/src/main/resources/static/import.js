// The import flow of the web page: Upload -> Review -> Groups (mirror user) -> Finish -> Results.
// Every value from the server reaches the page through textContent, never as HTML.
'use strict';

const STEPS = ['upload', 'review', 'groups', 'finish', 'results'];
const FINISHED = ['COMPLETED', 'FAILED', 'CANCELLED'];
const state = { jobId: null, job: null, events: null, mirror: null, findingsAfter: 0, findingRows: 0, failuresAfter: 0, failuresShown: 0, timer: null, jobsPage: 0 };
const JOBS_PAGE = 20;
const $ = id => document.getElementById(id);
const num = n => (n == null ? 0 : n).toLocaleString();
const text = value => document.createTextNode(value == null ? '' : String(value));
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  children.forEach(child => node.append(typeof child === 'string' ? text(child) : child));
  return node;
};
const row = (...cells) => el('tr', {}, ...cells.map(cell => el('td', {}, cell instanceof Node ? cell : text(cell))));

// Who is signed in, and the CSRF token every change sends (from /api/session).
const session = { loginId: null, csrfHeader: null, csrfToken: null };

async function api(method, path, body) {
  const headers = { 'X-Requested-With': 'fetch' };
  if (method !== 'GET' && session.csrfHeader) headers[session.csrfHeader] = session.csrfToken;
  const response = await fetch(path, { method, body, headers });
  if (response.status === 401) {
    location.href = '/login';
    throw new Error('Signed out');
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(data ? (data.title ? data.title + ': ' : '') + (data.detail || '') : 'HTTP ' + response.status);
  }
  return { data, headers: response.headers };
}

function show(step) {
  STEPS.forEach(name => $('step-' + name).classList.toggle('active', name === step));
  const current = STEPS.indexOf(step);
  document.querySelectorAll('#steps li').forEach((li, i) => {
    li.classList.toggle('current', i === current);
    li.classList.toggle('done', i < current);
  });
}

function poll(fn, every) {
  clearInterval(state.timer);
  fn();
  state.timer = setInterval(fn, every);
}

function bar(job, big) {
  const div = el('div', { className: 'bar' + (big ? ' big' : ''), title: job.processedRows + ' of ' + job.totalRows + ' rows have their outcome' });
  const total = Math.max(job.totalRows, 1);
  ['created', 'updated', 'unchanged', 'failed', 'cancelled'].forEach(kind => {
    const part = el('span', { className: kind });
    part.style.width = (100 * job[kind] / total) + '%';
    div.append(part);
  });
  return div;
}

function showCounts(target, items) {
  $(target).replaceChildren(...items.map(([label, n]) => el('span', {}, label + ': ', el('b', {}, num(n)))));
}

function counts(target, job) {
  showCounts(target, [['Rows', job.totalRows], ['Created', job.created], ['Updated', job.updated],
    ['Unchanged', job.unchanged], ['Failed', job.failed], ['Cancelled', job.cancelled], ['With warnings', job.warnings]]);
}

// --- Upload ---
$('upload').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target, data = new FormData();
  data.append('file', form.file.files[0]);
  data.append('mode', form.mode.value);
  data.append('dryRun', form.dryRun.checked);
  data.append('sendWelcomeEmails', form.sendWelcomeEmails.checked);
  data.append('review', 'true');
  $('upload-problem').textContent = 'Uploading…';
  try {
    const { data: job } = await api('POST', '/api/imports', data);
    $('upload-problem').textContent = '';
    openJob(job);
  } catch (e) {
    $('upload-problem').textContent = e.message;
  }
});

// --- Review ---
function startReview() {
  state.findingsAfter = 0;
  state.findingRows = 0;
  $('findings').tBodies[0].replaceChildren();
  $('findings-more').replaceChildren();
  $('review-continue').disabled = true;
  show('review');
  poll(async () => {
    const { data: job } = await api('GET', '/api/imports/' + state.jobId);
    state.job = job;
    showCounts('review-counts', [['Rows', job.totalRows], ['Ready', job.totalRows - job.invalidRows],
      ['Flagged', job.invalidRows]]);
    $('file-warnings').replaceChildren(...(job.fileWarnings || []).map(w => el('li', {}, w)));
    if (job.status === 'AWAITING_REVIEW') {
      clearInterval(state.timer);
      $('review-status').textContent = num(job.totalRows - job.invalidRows) + ' of ' + num(job.totalRows)
        + ' rows are ready. ' + (job.invalidRows ? num(job.invalidRows) + (job.invalidRows === 1 ? ' flagged row' : ' flagged rows')
          + ' will be skipped and reported as failed.' : 'No row was flagged.');
      await moreFindings();
      $('review-continue').disabled = false;
    } else if (FINISHED.includes(job.status)) {
      clearInterval(state.timer);
      $('review-status').textContent = job.status + (job.error ? ': ' + job.error : '');
    } else {
      $('review-status').textContent = 'Reading and checking every row…';
    }
  }, 700);
}

async function moreFindings() {
  const { data: findings } = await api('GET', '/api/imports/' + state.jobId + '/findings?size=100&afterRow=' + state.findingsAfter);
  findings.forEach(f => $('findings').tBodies[0].append(row(f.rowNumber, f.column || '(row)',
    (f.warning ? 'Warning: ' : '') + f.problem, f.value == null ? '' : f.value)));
  const rows = new Set(findings.filter(f => !f.warning).map(f => f.rowNumber));
  state.findingRows += rows.size;
  if (findings.length) state.findingsAfter = findings[findings.length - 1].rowNumber;
  const total = state.job.invalidRows;
  const more = el('button', { className: 'link', onclick: moreFindings }, 'Show more');
  $('findings-more').replaceChildren(text('Showing ' + num(state.findingRows) + ' of ' + num(total) + ' flagged rows. '),
    ...(state.findingRows < total ? [more] : []));
}

$('review-continue').onclick = () => show('groups');
$('review-cancel').onclick = () => cancel();
$('groups-back').onclick = () => show('review');

// --- Groups: the mirror user ---
let searchTimer;
$('mirror-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(searchMirror, 250);
});

async function searchMirror() {
  const query = $('mirror-search').value.trim();
  if (!query) { $('candidates').replaceChildren(); return; }
  try {
    const { data: users, headers } = await api('GET', '/api/directory/users?size=10&search=' + encodeURIComponent(query));
    $('candidates').replaceChildren(...users.map(user => {
      const li = el('li', { className: 'candidate' }, el('b', {}, user.fullName || user.loginId),
        ' — ' + user.loginId + (user.email ? ' (' + user.email + ')' : '')
        + ' · groups: ' + (user.groups.join(', ') || 'none') + ' · business units: ' + (user.businessUnits.join(', ') || 'none'));
      li.dataset.loginId = user.loginId;
      li.onclick = () => chooseMirror(user, li);
      return li;
    }));
    const total = Number(headers.get('X-Total-Count') || users.length);
    if (total > users.length) $('candidates').append(el('li', { className: 'note' }, total - users.length + ' more match; type more to narrow.'));
    if (!users.length) $('candidates').append(el('li', { className: 'note' }, 'No user matches.'));
  } catch (e) {
    $('candidates').replaceChildren(el('li', { className: 'problem' }, e.message));
  }
}

function chooseMirror(user, li) {
  state.mirror = user.loginId;
  document.querySelectorAll('#candidates li').forEach(item => item.classList.remove('chosen'));
  li.classList.add('chosen');
  document.querySelector('input[name=mirror][value=user]').checked = true;
  $('mirror-chosen').textContent = 'New users will inherit the groups (' + (user.groups.join(', ') || 'none')
    + ') and business units (' + (user.businessUnits.join(', ') || 'none') + ') of ' + user.loginId + '.';
}

$('groups-start').onclick = async () => {
  const mirrored = document.querySelector('input[name=mirror]:checked').value === 'user';
  if (mirrored && !state.mirror) { $('start-problem').textContent = 'Pick a mirror user from the search results, or choose no mirror user.'; return; }
  const body = new URLSearchParams();
  if (mirrored) body.append('mirrorUser', state.mirror);
  try {
    await api('POST', '/api/imports/' + state.jobId + '/start', body);
    $('start-problem').textContent = '';
    startFinish();
  } catch (e) {
    $('start-problem').textContent = e.message;
  }
};

// --- Finish: live progress, streamed by the server (GET /api/imports/{id}/events) ---
function startFinish() {
  show('finish');
  clearInterval(state.timer);
  if (state.events) state.events.close();
  const samples = [];
  const source = new EventSource('/api/imports/' + state.jobId + '/events');
  state.events = source;
  source.addEventListener('progress', event => {
    const job = JSON.parse(event.data);
    state.job = job;
    $('finish-status').textContent = job.status;
    $('finish-status').className = 'status ' + job.status;
    $('finish-detail').textContent = num(job.processedRows) + ' of ' + num(job.totalRows)
      + ' rows (' + job.percentComplete + '%)'
      + (job.stagedRows < job.totalRows ? ' · ' + num(job.stagedRows) + ' reviewed' : '')
      + (job.rowsPerSecond ? ' · ' + num(Math.round(job.rowsPerSecond)) + ' rows/s' : '')
      + (job.secondsRemaining != null ? ' · about ' + duration(job.secondsRemaining) + ' left' : '')
      + (job.dryRun ? ' · dry run: nothing changes' : '') + (job.error ? ' · ' + job.error : '');
    $('finish-bar').replaceWith(Object.assign(bar(job, true), { id: 'finish-bar' }));
    counts('finish-counts', job);
    $('finish-cancel').disabled = job.status !== 'RUNNING';
    samples.push({ at: Date.now(), rows: job.processedRows });
    // the chart shows ten minutes: older samples go, but for the one the first rate shown is taken from
    while (samples.length > 2 && samples[1].at < Date.now() - 600000) samples.shift();
    drawThroughput(samples);
    if (FINISHED.includes(job.status)) {
      source.close();
      startResults();
    }
  });
  // on a dropped connection the browser reconnects by itself and the server sends the current state first
}

function duration(seconds) {
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? minutes + ' min ' + (seconds % 60) + ' s' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

// Outcomes per second between each two progress events, as a line over the last ten minutes.
function drawThroughput(samples) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (samples[i].at - samples[i - 1].at) / 1000;
    if (seconds > 0) points.push({ at: samples[i].at, rate: (samples[i].rows - samples[i - 1].rows) / seconds });
  }
  const shown = points.filter(p => p.at >= Date.now() - 600000);
  const svg = $('throughput');
  if (shown.length < 1) {
    svg.querySelector('polyline').setAttribute('points', '');
    $('throughput-label').textContent = 'Throughput appears here as outcomes arrive.';
    return;
  }
  const max = Math.max(...shown.map(p => p.rate), 1);
  const first = shown[0].at, span = Math.max(shown[shown.length - 1].at - first, 1);
  svg.querySelector('polyline').setAttribute('points', shown.map(p =>
    (shown.length === 1 ? 600 : 600 * (p.at - first) / span).toFixed(1) + ',' + (118 - 110 * p.rate / max).toFixed(1)).join(' '));
  $('throughput-label').textContent = 'Outcomes per second: now ' + num(Math.round(shown[shown.length - 1].rate))
    + ', peak ' + num(Math.round(max)) + ' (over the last ' + Math.ceil(span / 1000) + ' s)';
}
$('finish-cancel').onclick = () => cancel();

// --- Results ---
async function startResults() {
  show('results');
  const { data: job } = await api('GET', '/api/imports/' + state.jobId);
  state.job = job;
  $('results-status').textContent = job.status;
  $('results-status').className = 'status ' + job.status;
  $('results-detail').textContent = (job.dryRun ? 'Dry run: nothing was changed; these are the outcomes the rows would have. ' : '')
    + (job.error || '') + (job.attempt > 1 ? ' Attempt ' + job.attempt + '.' : '');
  counts('results-counts', job);
  $('failures-csv').href = '/api/imports/' + job.id + '/failures.csv';
  $('results-retry').disabled = !(job.status === 'COMPLETED' && job.failed > 0 && !job.dryRun);
  $('results-cancel').disabled = FINISHED.includes(job.status);
  state.failuresAfter = 0;
  state.failuresShown = 0;
  $('failures').tBodies[0].replaceChildren();
  await moreFailures();
}

async function moreFailures() {
  const { data: rows } = await api('GET', '/api/imports/' + state.jobId + '/rows?outcome=FAILED&size=50&afterRow=' + state.failuresAfter);
  rows.forEach(r => $('failures').tBodies[0].append(row(r.rowNumber, r.loginId || '', r.email || '', r.reason)));
  state.failuresShown += rows.length;
  if (rows.length) state.failuresAfter = rows[rows.length - 1].rowNumber;
  const more = el('button', { className: 'link', onclick: moreFailures }, 'Show more');
  $('failures-more').replaceChildren(text('Showing ' + num(state.failuresShown) + ' of ' + num(state.job.failed) + ' failed rows. '),
    ...(state.failuresShown < state.job.failed ? [more] : []));
}

$('results-retry').onclick = async () => {
  try {
    await api('POST', '/api/imports/' + state.jobId + '/retry');
    $('results-problem').textContent = '';
    startFinish();
  } catch (e) {
    $('results-problem').textContent = e.message;
  }
};
$('results-cancel').onclick = () => cancel();
$('results-new').onclick = () => { state.jobId = null; $('upload').reset(); show('upload'); };

async function cancel() {
  try {
    const { data: job } = await api('POST', '/api/imports/' + state.jobId + '/cancel');
    openJob(job);
  } catch (e) {
    alert(e.message);
  }
}

// --- A job, wherever it is ---
function openJob(job) {
  if (state.events) state.events.close();
  state.jobId = job.id;
  state.job = job;
  state.mirror = null;
  if (['RECEIVED', 'VALIDATING', 'AWAITING_REVIEW'].includes(job.status)) startReview();
  else if (FINISHED.includes(job.status)) startResults();
  else startFinish();
}

async function refreshJobs() {
  const { data: jobs, headers } = await api('GET', '/api/imports?limit=' + JOBS_PAGE + '&page=' + state.jobsPage);
  const total = Number(headers.get('X-Total-Count') || jobs.length);
  if (!jobs.length && state.jobsPage > 0) { // the page emptied: show the last one there is
    state.jobsPage = Math.max(0, Math.ceil(total / JOBS_PAGE) - 1);
    return refreshJobs();
  }
  $('jobs').replaceChildren(...jobs.map(job => {
    const status = el('span', { className: 'status ' + job.status }, job.status + (job.dryRun ? ' (dry run)' : ''));
    const open = el('button', { className: 'link', onclick: () => openJob(job) }, 'Open');
    const tr = row(job.fileName, status, bar(job, false), num(job.processedRows) + ' / ' + num(job.totalRows),
      job.submittedBy + (job.scheduled ? ' (schedule)' : ''), new Date(job.submittedAt).toLocaleString(), open);
    return tr;
  }));
  const first = state.jobsPage * JOBS_PAGE;
  const turn = (label, page) => el('button', { className: 'link', onclick: () => { state.jobsPage = page; refreshJobs(); } }, label);
  $('jobs-pages').replaceChildren(
    text(total ? 'Imports ' + num(first + 1) + ' to ' + num(first + jobs.length) + ' of ' + num(total) + ', newest first. ' : 'No imports yet.'),
    ...(state.jobsPage > 0 ? [turn('Newer', state.jobsPage - 1)] : []),
    ...(first + jobs.length < total ? [text(' '), turn('Older', state.jobsPage + 1)] : []));
}

async function signIn() {
  const { data } = await api('GET', '/api/session');
  Object.assign(session, data);
  $('signed-in').textContent = data.fullName ? data.fullName + ' (' + data.loginId + ')' : data.loginId;
  $('sign-out-csrf').name = '_csrf';
  $('sign-out-csrf').value = data.csrfToken;
  if (!data.securityAdministrator) {
    $('not-allowed').hidden = false;
    document.querySelectorAll('main > section').forEach(section => { section.hidden = true; });
    return false;
  }
  return true;
}

signIn().then(allowed => {
  if (!allowed) return;
  show('upload');
  refreshJobs();
  setInterval(refreshJobs, 2000);
  // a link to one job (the completion report's) opens it
  const linked = new URLSearchParams(location.search).get('job');
  if (linked) api('GET', '/api/imports/' + encodeURIComponent(linked)).then(({ data }) => openJob(data)).catch(e => alert(e.message));
});
