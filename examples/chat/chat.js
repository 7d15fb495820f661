// The chat page: the official socket.io client (served by the QtSocketIo
// server at /socket.io/socket.io.js) and a few DOM helpers. No framework.
"use strict";

(() => {
  const ACK_TIMEOUT_MS = 5000;
  const TYPING_IDLE_MS = 1500;
  const $ = (id) => document.getElementById(id);

  const socket = io(); // same origin, path /socket.io/
  let me = "";
  let room = "lobby";
  let typing = false;
  let typingTimer = 0;
  const typers = new Set();

  // --- rendering ---------------------------------------------------------

  const timeOf = (ms) =>
    new Date(typeof ms === "number" ? ms : Date.now()).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
    });

  function append(li) {
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(li);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function addMessage({ from, text, time, room: messageRoom }) {
    const li = document.createElement("li");
    li.className = from === me ? "message mine" : "message";
    li.dataset.from = from;
    li.dataset.room = messageRoom ?? "";
    li.append(span("time", timeOf(time)), span("from", from), span("text", text));
    append(li);
  }

  function addPrivate({ from, to, text, time }, outgoing) {
    const li = document.createElement("li");
    li.className = "message private";
    li.dataset.from = from;
    li.dataset.to = to;
    const label = outgoing ? `to ${to}` : `${from} (private)`;
    li.append(span("time", timeOf(time)), span("from", label), span("text", text));
    append(li);
  }

  function addNotice(text) {
    const li = document.createElement("li");
    li.className = "notice";
    li.textContent = text;
    append(li);
  }

  function renderTyping() {
    const names = [...typers];
    let text = "";
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = "Several people are typing…";
    $("typing").textContent = text;
  }

  function renderRoom() {
    $("current-room").textContent = room;
    $("input").placeholder = `Message #${room}, or /msg nick text`;
    $("leave").disabled = room === "lobby";
    document.title = `#${room} · QtSocketIo chat`;
  }

  async function refreshUsers() {
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("users");
      if (reply.room !== room) return; // an answer about the room we just left
      const list = $("users");
      list.replaceChildren(
        ...reply.users.map((name) => {
          const li = document.createElement("li");
          li.textContent = name;
          li.dataset.nickname = name;
          if (name === me) li.className = "me";
          else li.title = `Send ${name} a private message`;
          return li;
        }),
      );
    } catch {
      // timed out: the next join/leave refreshes the list again
    }
  }

  // --- typing ------------------------------------------------------------

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typing) {
      typing = false;
      socket.emit("stop typing");
    }
  }

  $("input").addEventListener("input", () => {
    if (!me) return;
    if (!typing) {
      typing = true;
      socket.emit("typing");
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  });

  // --- nickname ----------------------------------------------------------

  async function setNickname(nickname) {
    const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("set nickname", nickname);
    if (!reply.ok) return reply;
    me = reply.nickname;
    room = reply.room;
    return reply;
  }

  $("nickname-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("nickname-error");
    error.textContent = "";
    let reply;
    try {
      reply = await setNickname($("nickname").value);
    } catch {
      error.textContent = "The server did not answer: try again.";
      return;
    }
    if (!reply.ok) {
      error.textContent =
        reply.error === "taken" ? "That nickname is taken: pick another one." : "That nickname is not valid.";
      return;
    }
    $("me").textContent = me;
    $("login").hidden = true;
    $("chat").hidden = false;
    renderRoom();
    addNotice(`Welcome, ${me}! You are in #${room}.`);
    refreshUsers();
    $("input").focus();
  });

  // --- rooms -------------------------------------------------------------

  function enteredRoom(newRoom, keepHistory = false) {
    room = newRoom;
    typers.clear();
    renderTyping();
    if (!keepHistory) $("messages").replaceChildren();
    renderRoom();
    if (!keepHistory) addNotice(`You joined #${room}.`);
    refreshUsers();
  }

  async function joinRoom(name, keepHistory = false) {
    stopTyping();
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("join room", name);
      if (reply.ok) enteredRoom(reply.room, keepHistory);
      else addNotice(`Cannot join "${name}": ${reply.error}.`);
    } catch {
      addNotice("The server did not answer: try again.");
    }
  }

  $("room-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("room").value.trim();
    if (!name || name === room) return;
    $("room").value = "";
    joinRoom(name);
  });

  $("leave").addEventListener("click", async () => {
    stopTyping();
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("leave room");
      if (reply.ok) enteredRoom(reply.room);
    } catch {
      addNotice("The server did not answer: try again.");
    }
  });

  $("users").addEventListener("click", (event) => {
    const name = event.target.closest("li")?.dataset.nickname;
    if (!name || name === me) return;
    $("input").value = `/msg ${name} `;
    $("input").focus();
  });

  // --- sending -----------------------------------------------------------

  async function sendPrivate(to, text) {
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("private message", { to, text });
      if (reply.delivered) addPrivate({ from: me, to, text, time: Date.now() }, true);
      else addNotice(`${to} is not here: your message was not delivered.`);
    } catch {
      addNotice("The server did not answer: your message may not have been delivered.");
    }
  }

  $("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("input");
    const value = input.value.trim();
    if (!value) return;
    input.value = "";
    stopTyping();
    const pm = /^\/msg\s+(\S+)\s+([\s\S]+)$/.exec(value);
    const join = /^\/join\s+(.+)$/.exec(value);
    if (pm) sendPrivate(pm[1], pm[2]);
    else if (join) joinRoom(join[1].trim());
    else if (value.startsWith("/msg")) addNotice("Usage: /msg nick text");
    else socket.emit("chat message", value);
  });

  // --- server events -----------------------------------------------------

  socket.on("chat message", (message) => {
    typers.delete(message.from);
    renderTyping();
    addMessage(message);
  });

  socket.on("private message", (message) => addPrivate(message, false));

  socket.on("typing", ({ nickname, room: where }) => {
    if (where !== room) return;
    typers.add(nickname);
    renderTyping();
  });

  socket.on("stop typing", ({ nickname }) => {
    typers.delete(nickname);
    renderTyping();
  });

  socket.on("user joined", ({ nickname, room: where }) => {
    if (where !== room) return;
    addNotice(`${nickname} joined #${where}.`);
    refreshUsers();
  });

  socket.on("user left", ({ nickname, room: where }) => {
    typers.delete(nickname);
    renderTyping();
    if (where !== room) return;
    addNotice(`${nickname} left #${where}.`);
    refreshUsers();
  });

  socket.on("user renamed", ({ from, to }) => {
    typers.delete(from);
    renderTyping();
    addNotice(`${from} is now known as ${to}.`);
    refreshUsers();
  });

  // --- connection state --------------------------------------------------

  const setStatus = (text, online) => {
    $("status").textContent = text;
    $("status").classList.toggle("online", online);
  };

  socket.on("connect", async () => {
    setStatus("connected", true);
    if (!me) return;
    // A new connection after an outage: the server forgot us, so sign in again.
    const wanted = room;
    try {
      const reply = await setNickname(me);
      if (!reply.ok) {
        addNotice("Your nickname was taken while you were away: reload the page.");
        return;
      }
      if (wanted !== room) await joinRoom(wanted, true);
      else refreshUsers();
      addNotice("Reconnected.");
    } catch {
      addNotice("Reconnected, but the server did not answer: reload the page.");
    }
  });

  socket.on("disconnect", () => {
    setStatus("disconnected, reconnecting…", false);
    typers.clear();
    renderTyping();
  });
})();
