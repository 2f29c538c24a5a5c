// The sandbox's web chat. It speaks for one seeded person to the bot through
// the sandbox's JSON endpoints and draws the chat as Telegram would. Every
// text the bot or a client record supplies is put in the page as a text
// node, never as markup.
'use strict';

const $ = (id) => document.getElementById(id);

const state = {
  person: null,
  people: [],
  rev: null,   // the chat's revision last drawn; null before the first
  seenRev: 0,  // answers up to this revision were already shown
  gen: 0,      // bumped when the person changes: ends the old poll loop
  poll: null,  // the AbortController of the pending long poll
  today: '',
  max: '',     // the last day fast-forward accepts
  announced: 0, // the id of the newest message drawn
  stick: true, // keep the chat scrolled to the newest message
};

const roleNames = {
  admin: '管理员 · admin',
  manager: '经理 · manager',
  sales: '销售 · sales',
};

const jobNames = {
  greetings: '节日和生日问候 greetings',
  reminders: '复核和跟进提醒 reminders',
  churn: '流失预警 churn alerts',
  escalation: '逾期反馈升级 escalation',
  digest: '经理周报 weekly digest',
  retention: '过期数据清理 retention',
  duplicates: '疑似重复 duplicates',
  report: '月度考核 monthly report',
  value: '客户价值 value',
};

// A fixed place to share when the browser will not tell where it is:
// Suzhou Industrial Park.
const fixedPlace = { latitude: 31.2989, longitude: 120.5853 };

async function api(path, opts = {}) {
  const res = await fetch(path, opts);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(body.error || res.statusText);
  }
  return body;
}

function postJSON(path, body) {
  return api(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function clockText(now) {
  // now is RFC 3339 in the sandbox's zone: show its own date and time.
  return now.slice(0, 10) + ' ' + now.slice(11, 16);
}

// ---- the person picker ----

// stopPolling ends the chat's pending long poll at once. Left to run out
// (up to 25 s each), the polls of chats the visitor left would hold the
// browser's few connections to this host, and the next chat's requests
// would wait behind them.
function stopPolling() {
  state.gen++;
  if (state.poll) state.poll.abort();
  state.poll = null;
}

async function showPicker() {
  stopPolling();
  state.person = null;
  $('chat').hidden = true;
  $('picker').hidden = false;
  const data = await api('/api/people');
  state.people = data.people;
  $('picker-clock').textContent = clockText(data.clock.now);
  const list = $('people');
  list.replaceChildren();
  const colors = ['#e17076', '#7bc862', '#65aadd', '#a695e7', '#ee7aae', '#6ec9cb', '#faa774'];
  data.people.forEach((p, i) => {
    const li = el('li');
    const b = el('button');
    b.type = 'button';
    b.dataset.id = String(p.id);
    const face = el('span', 'face', p.name.slice(0, 1));
    face.style.background = colors[i % colors.length];
    const who = el('span', 'who');
    who.append(el('strong', '', p.name));
    who.append(el('small', '', (p.team ? p.team + ' · ' : '') + (roleNames[p.role] || p.role) + (p.lang === 'en' ? ' · English' : '')));
    b.append(face, who);
    b.addEventListener('click', () => { location.hash = '#' + p.id; });
    li.append(b);
    list.append(li);
  });
}

// ---- the chat ----

function openChat(person) {
  stopPolling();
  state.person = person;
  state.rev = null;
  state.seenRev = -1;
  $('picker').hidden = true;
  $('chat').hidden = false;
  $('who').textContent = person.name + ' · ' + (person.team ? person.team + ' · ' : '') + (roleNames[person.role] || person.role);
  $('messages').replaceChildren();
  $('announce').textContent = '';
  delete $('messages').dataset.drawn;
  $('menu').hidden = true;
  $('ff').hidden = true;
  pollLoop(state.gen);
}

async function pollLoop(gen) {
  while (gen === state.gen) {
    try {
      const since = state.rev === null ? '' : `?since=${state.rev}`;
      const ctl = new AbortController();
      state.poll = ctl;
      const view = await api(`/api/chats/${state.person.id}${since}`, { signal: ctl.signal });
      if (gen !== state.gen) return;
      draw(view);
    } catch (e) {
      if (gen !== state.gen) return;
      await sleep(1000);
    }
  }
}

function chatPath(suffix) { return `/api/chats/${state.person.id}/${suffix}`; }

// nearBottom says whether the visitor reads the newest messages, so that
// new ones (and pictures that load late) keep the chat scrolled down.
function nearBottom(list) { return list.scrollHeight - list.scrollTop - list.clientHeight < 80; }

function stickDown() {
  const list = $('messages');
  if (state.stick) list.scrollTop = list.scrollHeight;
}

function draw(view) {
  const list = $('messages');
  const first = list.dataset.drawn !== String(state.person.id);
  state.rev = view.rev;
  state.today = view.clock.today;
  state.max = view.clock.max;
  $('clock').textContent = clockText(view.clock.now);

  const items = [];
  let day = '';
  for (const m of view.messages) {
    const d = m.date.slice(0, 10);
    if (d !== day) {
      day = d;
      items.push(el('li', 'day', d));
    }
    items.push(drawMessage(m));
  }
  list.replaceChildren(...items);
  $('start').hidden = view.messages.length > 0;
  drawKeyboard(view.keyboard || []);
  drawMenu(view.commands || []);
  drawAnswers(view.answers || []);
  announce(view.messages, first);
  if (first) {
    state.stick = true;
    list.dataset.drawn = String(state.person.id);
  }
  stickDown();
}

// announce has a screen reader read out the bot's newest message. The list
// is redrawn whole on every change, so as a live region it would be read
// out from the top each time.
function announce(messages, first) {
  const last = messages[messages.length - 1];
  if (!last) return;
  if (!first && last.id !== state.announced && !last.from_user) {
    $('announce').textContent = (last.spans || []).map((sp) => sp.text).join('') || last.file_name || '';
  }
  state.announced = last.id;
}

function drawMessage(m) {
  const li = el('li', 'msg' + (m.from_user ? ' me' : ''));
  li.dataset.id = String(m.id);
  li.dataset.kind = m.kind;
  const bubble = el('div', 'bubble');
  if (m.kind === 'photo' && m.file_url) {
    const img = el('img');
    img.addEventListener('load', stickDown);
    img.src = m.file_url;
    img.alt = '图表 · chart';
    bubble.append(img);
  }
  if (m.kind === 'document') {
    const a = el('a', 'file');
    if (m.file_url) {
      a.href = m.file_url;
      a.download = m.file_name || 'file';
    }
    a.append(el('span', 'ico', '📄'), el('span', 'name', m.file_name || 'file'));
    bubble.append(a);
  }
  if (m.kind === 'location') {
    bubble.append(el('span', '', `📍 ${m.latitude.toFixed(4)}, ${m.longitude.toFixed(4)}`));
  }
  if (m.kind === 'contact') {
    bubble.append(el('span', '', '👤 '));
  }
  if (m.kind === 'voice') {
    bubble.append(el('span', '', '🎤 语音 · voice note'));
  }
  if (m.spans && m.spans.length) {
    const text = el('div', 'text');
    drawSpans(m.spans, text);
    bubble.append(text);
  }
  bubble.append(el('span', 'meta', (m.edited ? '已编辑 edited · ' : '') + m.date.slice(11, 16)));
  li.append(bubble);
  if (m.buttons && m.buttons.length) {
    li.append(drawInline(m));
  }
  return li;
}

// drawSpans draws formatted text: each span is a text node inside the
// elements its formatting asks for.
function drawSpans(spans, parent) {
  for (const sp of spans) {
    let node;
    if (sp.code || sp.pre || sp.href) {
      node = document.createTextNode(sp.text);
    } else {
      node = commandsIn(sp.text);
    }
    const wrap = (tag, cls) => {
      const e = el(tag, cls);
      e.append(node);
      node = e;
    };
    if (sp.code && !sp.pre) wrap('code');
    if (sp.pre) wrap('pre');
    if (sp.b) wrap('b');
    if (sp.i) wrap('i');
    if (sp.u) wrap('u');
    if (sp.s) wrap('s');
    if (sp.href) {
      wrap('a');
      node.href = sp.href;
      node.target = '_blank';
      node.rel = 'noopener noreferrer';
    }
    if (sp.spoiler) {
      wrap('span', 'spoiler');
      const s = node;
      s.addEventListener('click', () => s.classList.add('shown'));
    }
    if (sp.quote) wrap('blockquote');
    parent.append(node);
  }
}

// commandsIn makes the /commands in a text clickable, as Telegram does.
function commandsIn(text) {
  const frag = document.createDocumentFragment();
  const re = /(^|\s)(\/[a-z][a-z0-9_]{1,31})(?![\w/])/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[1].length;
    frag.append(document.createTextNode(text.slice(last, start)));
    const cmd = el('span', 'cmd', m[2]);
    const command = m[2];
    cmd.addEventListener('click', () => sendText(command));
    frag.append(cmd);
    last = start + m[2].length;
  }
  frag.append(document.createTextNode(text.slice(last)));
  return frag;
}

function drawInline(m) {
  const box = el('div', 'inline');
  for (const row of m.buttons) {
    const r = el('div', 'row');
    for (const b of row) {
      if (b.url) {
        const a = el('a', '', b.text + ' ↗');
        a.href = b.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        r.append(a);
        continue;
      }
      const btn = el('button', '', b.text);
      btn.type = 'button';
      btn.addEventListener('click', () => press(m.id, b.data));
      r.append(btn);
    }
    box.append(r);
  }
  return box;
}

function drawKeyboard(rows) {
  const kb = $('keyboard');
  kb.replaceChildren();
  kb.hidden = rows.length === 0;
  for (const row of rows) {
    const r = el('div', 'row');
    for (const b of row) {
      const btn = el('button', '', b.text);
      btn.type = 'button';
      btn.addEventListener('click', () => {
        if (b.request_location) shareLocation();
        else if (b.request_contact) send(chatPath('contact'), {});
        else sendText(b.text);
      });
      r.append(btn);
    }
    kb.append(r);
  }
}

function drawMenu(commands) {
  const menu = $('menu');
  menu.replaceChildren();
  $('menu-btn').hidden = commands.length === 0;
  for (const c of commands) {
    const b = el('button');
    b.type = 'button';
    b.append(el('b', '', '/' + c.command), el('span', '', c.description));
    b.addEventListener('click', () => {
      menu.hidden = true;
      sendText('/' + c.command);
    });
    menu.append(b);
  }
}

function drawAnswers(answers) {
  if (state.seenRev < 0) {
    // Answers given before the page opened the chat are old news.
    state.seenRev = state.rev;
    return;
  }
  for (const a of answers) {
    if (a.rev > state.seenRev) {
      toast(a.text, a.alert);
      state.seenRev = a.rev;
    }
  }
}

let toastTimer = 0;
function toast(text, alert) {
  const t = $('toast');
  t.textContent = text;
  t.className = 'toast' + (alert ? ' alert' : '');
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, alert ? 6000 : 2500);
}

// ---- what the visitor does ----

async function send(path, body) {
  try {
    await postJSON(path, body);
  } catch (e) {
    toast('⚠️ ' + e.message, false);
  }
}

function sendText(text) { return send(chatPath('text'), { text }); }

function press(messageID, data) { return send(chatPath('press'), { message_id: messageID, data }); }

function here() {
  return new Promise((resolve) => {
    if (!navigator.geolocation || !window.isSecureContext) {
      resolve(fixedPlace);
      return;
    }
    const fallback = setTimeout(() => resolve(fixedPlace), 3000);
    navigator.geolocation.getCurrentPosition(
      (p) => { clearTimeout(fallback); resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }); },
      () => { clearTimeout(fallback); resolve(fixedPlace); },
      { timeout: 2500, maximumAge: 600000 });
  });
}

async function shareLocation() {
  const place = await here();
  await send(chatPath('location'), place);
}

async function upload(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    await api(chatPath('document'), { method: 'POST', body: form });
  } catch (e) {
    toast('⚠️ ' + e.message, false);
  }
}

// ---- fast-forward ----

function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function presets(today) {
  const d = new Date(today + 'T00:00:00Z');
  const toMonday = ((8 - d.getUTCDay()) % 7) || 7;
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  return [
    ['明天 tomorrow', addDays(today, 1)],
    ['3 天后 in 3 days', addDays(today, 3)],
    ['下周一 (周报) next Monday', addDays(today, toMonday)],
    ['下月 1 日 (考核) the 1st', first],
    ['元旦 New Year', `${d.getUTCFullYear() + 1}-01-01`],
  ];
}

function openForward() {
  const ff = $('ff');
  ff.hidden = !ff.hidden;
  if (ff.hidden) return;
  const input = $('ff-date');
  input.min = addDays(state.today, 1);
  input.max = state.max;
  if (!input.value || input.value <= state.today) input.value = addDays(state.today, 1);
  const box = $('ff-presets');
  box.replaceChildren();
  for (const [label, day] of presets(state.today)) {
    const b = el('button', '', `${label} · ${day.slice(5)}`);
    b.type = 'button';
    b.addEventListener('click', () => { input.value = day; });
    box.append(b);
  }
}

async function forward(ev) {
  ev.preventDefault();
  const out = $('ff-result');
  const submit = $('ff-form').querySelector('button[type=submit]');
  submit.disabled = true;
  out.textContent = '⏳ …';
  try {
    const res = await postJSON('/api/clock', { date: $('ff-date').value });
    const lines = [`✅ ${clockText(res.clock.now)}`];
    for (const j of res.jobs || []) {
      lines.push(`${jobNames[j.name] || j.name}: ${j.error ? '⚠️ ' + j.error : j.enqueued}`);
    }
    if (!res.jobs || res.jobs.length === 0) lines.push('没有任务到期 · no job was due');
    out.textContent = lines.join('\n');
    out.dataset.done = res.clock.today;
    $('clock').textContent = clockText(res.clock.now);
    state.today = res.clock.today;
    state.max = res.clock.max;
  } catch (e) {
    out.textContent = '⚠️ ' + e.message;
  } finally {
    submit.disabled = false;
  }
}

// ---- wiring ----

function route() {
  const id = Number(location.hash.slice(1));
  const person = state.people.find((p) => p.id === id);
  if (person) {
    openChat(person);
  } else {
    showPicker();
  }
}

function init() {
  $('back').addEventListener('click', () => { location.hash = ''; });
  $('messages').addEventListener('scroll', () => { state.stick = nearBottom($('messages')); });
  $('send-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    $('menu').hidden = true;
    sendText(text);
  });
  $('menu-btn').addEventListener('click', () => { $('menu').hidden = !$('menu').hidden; });
  $('attach').addEventListener('click', () => $('file').click());
  $('file').addEventListener('change', () => {
    const f = $('file').files[0];
    if (f) upload(f);
    $('file').value = '';
  });
  $('loc').addEventListener('click', shareLocation);
  $('start-btn').addEventListener('click', () => sendText('/start'));
  $('ff-open').addEventListener('click', openForward);
  $('ff-form').addEventListener('submit', forward);
  window.addEventListener('hashchange', route);
  api('/api/people').then((data) => {
    state.people = data.people;
    route();
  }).catch(() => showPicker());
}

document.addEventListener('DOMContentLoaded', init);
