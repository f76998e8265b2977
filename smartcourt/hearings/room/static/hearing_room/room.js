/* The online hearing room: device test, lobby, the moderator's controls and the judge's chunked recording (each chunk
   sent with its SHA-256), the same whichever backend carries the media (ADR 0031):
   - embedded: a WebRTC mesh over our signalling websocket;
   - livekit: the official LiveKit client (vendored, window.LivekitClient) connects to the LiveKit server;
   - jitsi: the Jitsi server's own IFrame API (window.JitsiMeetExternalAPI) embeds the meeting.
   The lobby and admission are ours in every case: the socket says "admitted", and only then is the external server's
   token fetched (POST tokenUrl; refused with the page's reason otherwise). No inline script (CSP): the page hands its
   configuration over in #sc-room-config. */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("sc-room-config").textContent);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const $ = (id) => document.getElementById(id);
  const status = (text) => { $("sc-status").textContent = text; };
  const peers = new Map(); // participant id -> {pc, tile, pending: []}
  let ws = null, localStream = null, selfId = null, joined = false, audioCtx = null;
  const state = { muted: false, audioOnly: false, removed: false, refused: "" };

  async function media() {
    if (localStream) return localStream;
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    $("sc-preview").srcObject = localStream;
    $("sc-local").srcObject = localStream;
    meter(localStream);
    return localStream;
  }

  function meter(stream) {
    try {
      audioCtx = audioCtx || new AudioContext();
      const analyser = audioCtx.createAnalyser();
      analyser.fftSize = 512;
      audioCtx.createMediaStreamSource(stream).connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const bar = $("sc-meter-bar");
      (function tick() {
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
        bar.style.width = Math.min(100, Math.round((peak / 128) * 300)) + "%";
        requestAnimationFrame(tick);
      })();
    } catch (e) { /* no audio context: the meter stays empty */ }
  }

  $("sc-device-test").addEventListener("click", async () => {
    try {
      const s = await media();
      $("sc-device-status").textContent = `摄像头：${s.getVideoTracks().length ? "正常" : "未检测到"}；麦克风：${s.getAudioTracks().length ? "正常" : "未检测到"}`;
    } catch (e) {
      $("sc-device-status").textContent = "无法打开摄像头或麦克风，请检查浏览器权限：" + e.name;
    }
  });

  function send(msg) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); }

  function tile(id) {
    const fig = document.createElement("figure");
    fig.className = "sc-tile";
    fig.dataset.peer = id;
    const video = document.createElement("video");
    video.autoplay = true; video.playsInline = true;
    const cap = document.createElement("figcaption");
    cap.textContent = (cfg.names || {})[String(id)] || ("参加人 " + id);
    fig.append(video, cap);
    $("sc-videos").append(fig);
    return fig;
  }

  function peer(id) {
    if (peers.has(id)) return peers.get(id);
    const pc = new RTCPeerConnection({ iceServers: cfg.ice_servers || [] });
    const entry = { pc, tile: tile(id), pending: [] };
    peers.set(id, entry);
    for (const track of localStream.getTracks()) pc.addTrack(track, localStream);
    applyOrders();
    pc.onicecandidate = (ev) => { if (ev.candidate) send({ type: "signal", to: id, data: { kind: "candidate", candidate: ev.candidate.toJSON() } }); };
    pc.ontrack = (ev) => {
      const video = entry.tile.querySelector("video");
      if (video.srcObject !== ev.streams[0]) video.srcObject = ev.streams[0];
    };
    pc.onconnectionstatechange = () => { if (pc.connectionState === "failed") status("与一位参加人的连接中断，请检查网络。"); };
    return entry;
  }

  function drop(id) {
    const entry = peers.get(id);
    if (!entry) return;
    entry.pc.close();
    entry.tile.remove();
    peers.delete(id);
  }

  async function onSignal(from, data) {
    const entry = peer(from);
    const pc = entry.pc;
    if (data.kind === "offer") {
      await pc.setRemoteDescription({ type: "offer", sdp: data.sdp });
      for (const c of entry.pending.splice(0)) await pc.addIceCandidate(c);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      send({ type: "signal", to: from, data: { kind: "answer", sdp: answer.sdp } });
    } else if (data.kind === "answer") {
      await pc.setRemoteDescription({ type: "answer", sdp: data.sdp });
      for (const c of entry.pending.splice(0)) await pc.addIceCandidate(c);
    } else if (data.kind === "candidate") {
      if (pc.remoteDescription) await pc.addIceCandidate(data.candidate);
      else entry.pending.push(data.candidate);
    }
  }

  async function call(id) {
    const entry = peer(id);
    const offer = await entry.pc.createOffer();
    await entry.pc.setLocalDescription(offer);
    send({ type: "signal", to: id, data: { kind: "offer", sdp: offer.sdp } });
  }

  function applyOrders() {
    external.apply();
    if (!localStream) return;
    for (const t of localStream.getAudioTracks()) t.enabled = !state.muted;
    for (const t of localStream.getVideoTracks()) t.enabled = !state.audioOnly;
    document.querySelector(".sc-self").classList.toggle("sc-audio-only", state.audioOnly);
  }

  function orders(msg) {
    if (typeof msg.muted === "boolean") state.muted = msg.muted;
    if (typeof msg.audio_only === "boolean") state.audioOnly = msg.audio_only;
    applyOrders();
  }

  function control(action) {
    if (action === "mute") { state.muted = true; status("审判人员已将您静音。"); }
    if (action === "unmute") { state.muted = false; status("审判人员已取消您的静音。"); }
    if (action === "audio_only") { state.audioOnly = true; status("审判人员已将您切换为仅音频。"); }
    if (action === "video") { state.audioOnly = false; status("审判人员已恢复您的视频。"); }
    if (action === "remove") { state.removed = true; leave(); status("您已被审判人员移出庭审室。"); }
    applyOrders();
  }

  function leave() {
    external.leave();
    for (const id of [...peers.keys()]) drop(id);
    joined = false;
    if (ws) ws.close();
    $("sc-leave").hidden = true;
  }

  async function join() {
    try { await media(); } catch (e) { status("无法打开摄像头或麦克风，不能进入庭审：" + e.name); return; }
    const proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + cfg.ws_path);
    status("正在连接…");
    ws.onmessage = async (ev) => {
      const msg = JSON.parse(ev.data);
      switch (msg.type) {
        case "refused":
          state.refused = msg.reason;
          status(msg.reason + (msg.citation ? `（${msg.citation}）` : ""));
          break;
        case "lobby":
          status("您已在等候室，请等候审判人员准许进入。");
          break;
        case "admitted":
          orders(msg);
          send({ type: "join" });
          break;
        case "joined":
          selfId = msg.self; joined = true; orders(msg);
          status("已进入庭审。");
          $("sc-leave").hidden = false;
          if (cfg.moderator) $("sc-record").hidden = false;
          if (cfg.backend !== "embedded") await external.join();
          break;
        case "peer-joined":
          if (cfg.backend === "embedded" && joined && msg.peer !== selfId) await call(msg.peer);
          break;
        case "peer-left":
          drop(msg.peer);
          break;
        case "signal":
          await onSignal(msg.from, msg.data);
          break;
        case "control":
          control(msg.action);
          break;
        case "lobby-waiting":
        case "participant-changed":
          lobbyRow(msg);
          break;
      }
    };
    ws.onclose = () => { if (!state.removed && !state.refused && joined) status("连接已断开，请刷新页面重新进入。"); };
  }

  function lobbyRow(msg) {
    const row = document.querySelector(`tr[data-participant="${msg.participant}"] .sc-pstate`);
    if (!row) return;
    if (msg.type === "lobby-waiting") row.textContent = "在等候室";
    else if (msg.action === "admit") row.textContent = "已准入";
    else if (msg.action === "remove") row.textContent = "已移出";
  }

  const joinButton = $("sc-join");
  if (joinButton) joinButton.addEventListener("click", () => { joinButton.disabled = true; join(); });
  $("sc-leave").addEventListener("click", () => { leave(); status("您已离开庭审。"); });

  for (const button of document.querySelectorAll(".sc-control")) {
    button.addEventListener("click", async () => {
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      const r = await fetch(`${cfg.controlUrl}${button.dataset.pid}/${button.dataset.action}/`, {
        method: "POST", headers: { "X-CSRFToken": csrf, Accept: "application/json" }, credentials: "same-origin",
      });
      const body = await r.json();
      if (!r.ok) { status(body.message); return; }
      const cell = document.querySelector(`tr[data-participant="${body.participant}"] .sc-pstate`);
      if (cell) cell.textContent = { waiting: "等候中", admitted: "已准入", removed: "已移出" }[body.state] + (body.muted ? " · 静音" : "") + (body.audio_only ? " · 仅音频" : "");
      if (button.dataset.action === "admit") button.remove();
    });
  }

  /* --- recording (the moderator's browser) --- */
  const rec = { recorder: null, key: null, seq: 0, queue: Promise.resolve(), failed: "" };

  function hex(buf) { return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join(""); }

  async function upload(blob) {
    const seq = rec.seq++;
    const buf = await blob.arrayBuffer();
    const sha = hex(await crypto.subtle.digest("SHA-256", buf));
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await fetch(`${cfg.recordUrl}${rec.key}/chunks/${seq}/`, {
          method: "POST", body: buf, credentials: "same-origin",
          headers: { "X-CSRFToken": csrf, "X-Content-SHA256": sha, "Content-Type": "application/octet-stream" },
        });
        if (r.ok) { $("sc-record-status").textContent = `录像中，已上传 ${seq + 1} 段`; return; }
        if (r.status < 500) { rec.failed = (await r.json()).message; break; }
      } catch (e) { /* network: retry */ }
    }
    rec.failed = rec.failed || `第 ${seq} 段上传失败`;
    $("sc-record-status").textContent = rec.failed;
  }

  function recordingStream() {
    audioCtx = audioCtx || new AudioContext();
    const mix = audioCtx.createMediaStreamDestination();
    const sources = [localStream];
    for (const v of document.querySelectorAll("#sc-videos figure[data-peer] video")) if (v.srcObject) sources.push(v.srcObject);
    for (const s of sources) if (s.getAudioTracks().length) audioCtx.createMediaStreamSource(s).connect(mix);
    const remote = sources.slice(1).find((s) => s.getVideoTracks().length);
    const video = (remote || localStream).getVideoTracks()[0];
    return new MediaStream([video, ...mix.stream.getAudioTracks()]);
  }

  const recordButton = $("sc-record");
  if (recordButton) {
    recordButton.addEventListener("click", async () => {
      const mime = MediaRecorder.isTypeSupported("video/webm;codecs=vp8,opus") ? "video/webm;codecs=vp8,opus" : "video/webm";
      const r = await fetch(cfg.recordUrl, {
        method: "POST", credentials: "same-origin", body: JSON.stringify({ mime_type: mime }),
        headers: { "X-CSRFToken": csrf, "Content-Type": "application/json", Accept: "application/json" },
      });
      const body = await r.json();
      if (!r.ok) { $("sc-record-status").textContent = body.message; return; }
      rec.key = body.recording; rec.seq = 0; rec.failed = "";
      rec.recorder = new MediaRecorder(recordingStream(), { mimeType: mime });
      rec.recorder.ondataavailable = (ev) => { if (ev.data && ev.data.size) rec.queue = rec.queue.then(() => upload(ev.data)); };
      rec.recorder.start(2000); // a chunk every 2 s: a crash loses at most the last one
      recordButton.hidden = true;
      $("sc-record-stop").hidden = false;
      $("sc-record-status").textContent = "录像中…";
    });
    $("sc-record-stop").addEventListener("click", async () => {
      const stopped = new Promise((resolve) => { rec.recorder.onstop = resolve; });
      rec.recorder.stop();
      await stopped;
      await rec.queue;
      const r = await fetch(`${cfg.recordUrl}${rec.key}/finish/`, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, Accept: "application/json" } });
      const body = await r.json();
      $("sc-record-stop").hidden = true;
      if (!r.ok) { $("sc-record-status").textContent = body.message; recordButton.hidden = false; return; }
      const a = document.createElement("a");
      a.href = body.url; a.textContent = "查看录像"; a.dataset.testid = "recording-link";
      $("sc-record-status").textContent = `录像已归档并存证（SHA-256 ${body.sha256.slice(0, 12)}…） `;
      $("sc-record-status").append(a);
      window.scRoom.lastRecording = body;
    });
  }

  /* --- an external media server (LiveKit, Jitsi): reached only after our lobby admitted this participant --- */
  const external = {
    room: null, api: null, remote: new Map(),
    async token() {
      const r = await fetch(cfg.tokenUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, Accept: "application/json" } });
      const body = await r.json();
      if (!r.ok) throw new Error(body.message);
      return body;
    },
    async join() {
      let conf;
      try { conf = await this.token(); } catch (e) { status(e.message); return; }
      if (cfg.backend === "livekit") await this.livekit(conf);
      else if (cfg.backend === "jitsi") this.jitsi(conf);
    },
    tileFor(identity) {
      let entry = this.remote.get(identity);
      if (!entry) {
        entry = { tile: tile(identity.replace(/^p/, "")), stream: new MediaStream() };
        entry.tile.querySelector("video").srcObject = entry.stream;
        this.remote.set(identity, entry);
      }
      return entry;
    },
    async livekit(conf) {
      const LK = window.LivekitClient;
      if (!LK || !LK.Room) { status("未能加载 LiveKit 客户端，请刷新页面。"); return; }
      const room = this.room = new LK.Room({ adaptiveStream: true, dynacast: true });
      room.on(LK.RoomEvent.TrackSubscribed, (track, _pub, participant) => {
        this.tileFor(participant.identity).stream.addTrack(track.mediaStreamTrack);
      });
      room.on(LK.RoomEvent.TrackUnsubscribed, (track, _pub, participant) => {
        const entry = this.remote.get(participant.identity);
        if (entry) entry.stream.removeTrack(track.mediaStreamTrack);
      });
      room.on(LK.RoomEvent.ParticipantDisconnected, (participant) => {
        const entry = this.remote.get(participant.identity);
        if (entry) { entry.tile.remove(); this.remote.delete(participant.identity); }
      });
      room.on(LK.RoomEvent.Disconnected, () => { if (joined) status("与媒体服务器的连接已断开，请刷新页面重新进入。"); });
      status("正在连接媒体服务器…");
      try {
        await room.connect(conf.url, conf.token);
        for (const t of localStream.getTracks()) {
          await room.localParticipant.publishTrack(t, { source: t.kind === "audio" ? LK.Track.Source.Microphone : LK.Track.Source.Camera });
        }
      } catch (e) { status("无法连接媒体服务器：" + (e.message || e.name)); return; }
      status("已进入庭审。");
      applyOrders();
    },
    jitsi(conf) {
      if (!window.JitsiMeetExternalAPI) { status("未能加载 Jitsi 会议组件，请刷新页面。"); return; }
      if (localStream) for (const t of localStream.getTracks()) t.stop(); // the meeting takes the devices itself
      const node = document.createElement("div");
      node.className = "sc-jitsi";
      $("sc-videos").append(node);
      this.api = new window.JitsiMeetExternalAPI(conf.domain, {
        roomName: conf.room, jwt: conf.token, parentNode: node, width: "100%", height: 480,
        configOverwrite: { prejoinConfig: { enabled: false }, startWithAudioMuted: state.muted, startWithVideoMuted: state.audioOnly },
      });
      this.api.addListener("videoConferenceJoined", () => { status("已进入庭审。"); applyOrders(); });
      this.api.addListener("readyToClose", () => leave());
    },
    apply() {
      if (this.api) {
        this.api.isAudioMuted().then((m) => { if (m !== state.muted) this.api.executeCommand("toggleAudio"); });
        this.api.isVideoMuted().then((m) => { if (m !== state.audioOnly) this.api.executeCommand("toggleVideo"); });
      }
    },
    leave() {
      if (this.room) { this.room.disconnect(); this.room = null; }
      if (this.api) { this.api.dispose(); this.api = null; }
      for (const { tile: t } of this.remote.values()) t.remove();
      this.remote.clear();
    },
  };

  /* for tests and the support desk: what the connections receive */
  window.scRoom = {
    joined: () => joined,
    peerCount: () => peers.size,
    async stats() {
      let frames = 0, audio = 0, energy = 0;
      for (const { pc } of peers.values()) {
        const report = await pc.getStats();
        report.forEach((s) => {
          if (s.type !== "inbound-rtp") return;
          if (s.kind === "video") frames = Math.max(frames, s.framesDecoded || 0);
          if (s.kind === "audio") { audio = Math.max(audio, s.audioLevel || 0); energy = Math.max(energy, s.totalAudioEnergy || 0); }
        });
      }
      return { framesDecoded: frames, audioLevel: audio, totalAudioEnergy: energy };
    },
    lastRecording: null,
    backend: () => cfg.backend,
    external: () => external,
  };
})();
