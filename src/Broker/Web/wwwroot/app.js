// ActorRooms live page: a WebSocket client of the broker like any other (docs/protocol.md, "WebSocket").
// No build step and no library: the broker serves this file as it is.
"use strict";

const $ = (id) => document.getElementById(id);
let socket;
let nextId = 1;
const waiting = new Map();          // id -> callback for the answer to an op
let openRoom = null;                // the room being watched
let prices = new Map();             // symbol -> row state, for price messages
const rates = [];                   // messages per second of the open room, last 60 seconds
let receivedThisSecond = 0;

function connect() {
  socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket.onopen = () => { setStatus("connected", "up"); listRooms(); };
  socket.onclose = () => { setStatus("disconnected — retrying", "down"); setTimeout(connect, 2000); };
  socket.onmessage = (event) => onFrame(JSON.parse(event.data));
}

function send(op, callback) {
  if (callback) { op.id = nextId++; waiting.set(op.id, callback); }
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(op));
}

function onFrame(frame) {
  if (frame.id !== undefined && waiting.has(frame.id)) {
    const callback = waiting.get(frame.id);
    waiting.delete(frame.id);
    callback(frame);
    return;
  }
  switch (frame.type) {
    case "roommsg":
    case "message":
      if (frame.room === openRoom) onRoomMessage(frame);
      break;
    case "conflated":
    case "gap":
    case "reset":
      if (frame.room === openRoom) addLine(`— ${frame.type} (epoch ${frame.epoch}) —`);
      break;
  }
}

function setStatus(text, kind) {
  $("status").textContent = text;
  $("status").className = "status " + (kind || "");
}

// ---- login, when the broker has users ----
$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  send({ op: "auth", user: $("user").value, password: $("password").value }, (answer) => {
    if (answer.type === "authenticated") {
      $("login").hidden = true;
      $("login-error").textContent = "";
      setStatus(`connected as ${answer.user}`, "up");
      listRooms();
    } else {
      $("login-error").textContent = answer.message;
    }
  });
});

// ---- the rooms, refreshed once a second ----
function listRooms() {
  send({ op: "rooms" }, (answer) => {
    if (answer.type === "error") {
      if (answer.message.startsWith("NOAUTH")) { $("login").hidden = false; $("main").hidden = true; return; }
      setStatus(answer.message, "down");
      return;
    }
    $("main").hidden = false;
    showRooms(answer.rooms.slice(0, 100));
    $("room-count").textContent = `(${answer.rooms.length})`;
  });
}

function showRooms(rooms) {
  const body = $("rooms").tBodies[0];
  const rows = new Map([...body.rows].map((row) => [row.dataset.room, row]));
  for (const [room, row] of rows) if (!rooms.includes(room)) row.remove();
  for (const room of rooms) {
    let row = rows.get(room);
    if (!row) {
      row = body.insertRow();
      row.dataset.room = room;
      for (let i = 0; i < 8; i++) row.insertCell();
      row.cells[0].textContent = room;
      row.addEventListener("click", () => watch(room));
    }
    row.classList.toggle("open", room === openRoom);
    send({ op: "info", room }, (answer) => {
      const info = answer.info;
      if (!info) return;
      const latency = info["latency-us"];
      const cells = [info.subscribers, info["room-members"], info["messages-in-per-sec"], info["messages-out-per-sec"],
        latency ? micros(latency.p50) : "–", latency ? micros(latency.p99) : "–", info["last-seq"]];
      cells.forEach((value, i) => { row.cells[i + 1].textContent = value; });
      if (room === openRoom) $("room-rate").textContent = `${info["messages-in-per-sec"]} msg/s in`;
    });
  }
}

function micros(us) { return us >= 1000 ? (us / 1000).toFixed(1) + " ms" : us + " µs"; }

// ---- one room, watched through a ROOM.JOIN (snapshot, conflated when this tab falls behind) ----
function watch(room) {
  if (openRoom) send({ op: "leave", room: openRoom });
  openRoom = room;
  prices = new Map();
  rates.length = 0;
  $("prices").tBodies[0].innerHTML = "";
  $("messages").innerHTML = "";
  $("prices").hidden = true;
  $("messages-title").hidden = true;
  $("room").hidden = false;
  $("room-name").textContent = room;
  send({ op: "join", room, snapshot: true, policy: "conflate" }, (answer) => {
    if (answer.type === "error") addLine(answer.message);
  });
}

function onRoomMessage(frame) {
  receivedThisSecond++;
  const price = asPrice(frame.payload, frame.encoding);
  if (price) showPrice(price); else addLine(frame.encoding === "base64" ? `(base64) ${frame.payload}` : frame.payload);
}

// The pump's price message: a JSON object with a string symbol and a positive numeric price (docs/protocol.md).
function asPrice(payload, encoding) {
  if (encoding === "base64" || !payload.startsWith("{")) return null;
  try {
    const value = JSON.parse(payload);
    return typeof value.symbol === "string" && typeof value.price === "number" && value.price > 0 ? value : null;
  } catch { return null; }
}

function showPrice(price) {
  const now = performance.now();
  let state = prices.get(price.symbol);
  if (!state) {
    state = { open: price.price, ticks: [], row: insertPriceRow(price.symbol) };
    prices.set(price.symbol, state);
  }
  state.last = price.price;
  state.at = now;
  state.ticks.push(now);
  $("prices").hidden = false;
}

function insertPriceRow(symbol) {
  const body = $("prices").tBodies[0];
  const rows = [...body.rows];
  const before = rows.find((row) => row.dataset.symbol > symbol);
  const row = body.insertRow(before ? before.sectionRowIndex : -1);
  row.dataset.symbol = symbol;
  ["symbol", "last", "change", "percent", "rate", "since"].forEach((name) => { row.insertCell().className = name; });
  row.cells[0].textContent = symbol;
  return row;
}

// Redrawn five times a second, not once per message: a fast room must not cost a layout per tick.
function renderPrices() {
  const now = performance.now();
  for (const state of prices.values()) {
    while (state.ticks.length && now - state.ticks[0] > 5000) state.ticks.shift();
    const change = state.last - state.open;
    const trend = change > 0 ? "up" : change < 0 ? "down" : "";
    const cells = state.row.cells;
    cells[1].textContent = String(state.last);
    cells[2].textContent = (change >= 0 ? "+" : "") + change.toFixed(decimals(state.last));
    cells[3].textContent = (change >= 0 ? "+" : "") + (change / state.open * 100).toFixed(2) + " %";
    cells[2].className = cells[3].className = trend;
    cells[4].textContent = (state.ticks.length / 5).toFixed(1);
    cells[5].textContent = ((now - state.at) / 1000).toFixed(1) + " s";
  }
}

// Prices are shown as the pump wrote them; a change with as many decimals as the price (at least two).
function decimals(price) {
  const fraction = String(price).split(".")[1] || "";
  return Math.min(6, Math.max(2, fraction.length));
}

function addLine(text) {
  const list = $("messages");
  const item = document.createElement("li");
  item.textContent = text.length > 300 ? text.slice(0, 300) + "…" : text;
  list.prepend(item);
  while (list.children.length > 20) list.lastChild.remove();
  $("messages-title").hidden = false;
}

// ---- messages per second over the last minute, on a canvas ----
function tickChart() {
  if (!openRoom) return;
  rates.push(receivedThisSecond);
  receivedThisSecond = 0;
  if (rates.length > 60) rates.shift();
  const canvas = $("chart");
  const g = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, top = Math.max(1, ...rates);
  g.clearRect(0, 0, w, h);
  g.strokeStyle = "#e5e8ee";
  g.beginPath(); g.moveTo(0, h - 0.5); g.lineTo(w, h - 0.5); g.stroke();
  g.strokeStyle = "#3461d1";
  g.lineWidth = 2;
  g.beginPath();
  rates.forEach((rate, i) => {
    const x = w - (rates.length - 1 - i) * (w / 59) - 1;
    const y = h - 4 - (rate / top) * (h - 20);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = "#7a8394";
  g.fillText(`${top} msg/s`, 4, 12);
  g.fillText("last minute, messages received per second", w - 230, 12);
}

setInterval(() => { if (socket && socket.readyState === WebSocket.OPEN && $("login").hidden) listRooms(); }, 1000);
setInterval(renderPrices, 200);
setInterval(tickChart, 1000);
connect();
