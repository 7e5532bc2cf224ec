// Meridian live map page: world map of active visitors, fed by the realtime stream (server-sent events read
// with fetch, so the key travels in the Authorization header), polling the map endpoint while the stream is
// down. Every string that comes from visitors is written with textContent, never parsed as HTML.
(function () {
  "use strict";

  const KEY = "meridian.map.key";
  const WEBSITE = "meridian.map.websiteId";
  const POLL_MS = 5000;
  const SILENCE_MS = 40000; // three heartbeats missed: the stream is dead
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);

  const projection = d3.geoNaturalEarth1().fitExtent([[6, 6], [954, 494]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const pseudonyms = {}; // visitorId -> name, as the stream gives them
  let credentials = null; // { key, websiteId }
  let stream = null; // AbortController of the open stream
  let pollTimer = null;
  let retryTimer = null;
  let retryDelay = 2000;
  let lastBytesAt = 0;

  // ---- drawing -------------------------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach((name) => node.setAttribute(name, attributes[name]));
    return node;
  }

  function drawWorld() {
    const land = $("land");
    land.appendChild(svg("path", { d: path({ type: "Sphere" }), class: "sphere" }));
    land.appendChild(svg("path", { d: path(d3.geoGraticule10()), class: "graticule" }));
    return fetch("/map/countries-110m.json")
      .then((response) => response.json())
      .then((world) => {
        topojson.feature(world, world.objects.countries).features.forEach((country) => {
          land.appendChild(svg("path", { d: path(country), class: "country" }));
        });
      });
  }

  function nameOf(visitorId, displayName) {
    return displayName || pseudonyms[visitorId] || "Visitor " + String(visitorId).slice(0, 6);
  }

  function place(visitor) {
    const where = visitor.location || {};
    const parts = [where.city, where.region || where.countryCode].filter(Boolean);
    return parts.length ? parts.join(", ") : "Unknown location";
  }

  function host(url) {
    try {
      return new URL(url).hostname;
    } catch (e) {
      return url;
    }
  }

  function clock(timestamp) {
    const date = new Date(timestamp);
    return isNaN(date) ? "" : date.toLocaleTimeString();
  }

  function render(map) {
    $("count").textContent = map.count + (map.count === 1 ? " visitor" : " visitors") + " online";
    renderDots(map.visitors);
    renderVisitors(map.visitors);
    renderEvents(map.recentEvents);
    renderPayments(map.recentPayments);
    markSelected();
  }

  function renderDots(visitors) {
    const dots = $("dots");
    dots.replaceChildren();
    visitors.forEach((visitor) => {
      if (visitor.latitude === null || visitor.longitude === null) return;
      const point = projection([visitor.longitude, visitor.latitude]);
      if (!point) return;
      const group = svg("g", { class: "visitor-dot", "data-visitor-id": visitor.visitorId });
      group.appendChild(svg("circle", { cx: point[0], cy: point[1], r: 5, class: "halo" }));
      const dot = svg("circle", { cx: point[0], cy: point[1], r: 5, class: visitor.isCustomer ? "dot customer" : "dot" });
      const title = document.createElementNS(SVG, "title");
      title.textContent = nameOf(visitor.visitorId, visitor.profileData.displayName) + " · " + place(visitor)
        + " · " + (visitor.currentUrl || "");
      dot.appendChild(title);
      group.appendChild(dot);
      dots.appendChild(group);
    });
  }

  function renderVisitors(visitors) {
    const list = $("visitors");
    list.replaceChildren();
    $("no-visitors").hidden = visitors.length > 0;
    visitors.forEach((visitor) => {
      const item = element("li");
      item.dataset.visitorId = visitor.visitorId;
      const title = element("div");
      title.appendChild(element("span", "name", nameOf(visitor.visitorId, visitor.profileData.displayName)));
      if (visitor.isCustomer) title.appendChild(element("span", "badge customer", "customer"));
      if (visitor.conversionLikelihood) {
        title.appendChild(element("span", "badge score", "score " + visitor.conversionLikelihood.score));
      }
      item.appendChild(title);
      item.appendChild(element("div", "detail city", place(visitor)));
      item.appendChild(element("div", "page", visitor.currentUrl || ""));
      const system = visitor.system || {};
      const device = [system.browser && system.browser.name, system.os && system.os.name,
        system.device && system.device.type].filter(Boolean).join(" · ");
      item.appendChild(element("div", "detail referrer",
        (visitor.referrer ? "from " + host(visitor.referrer) : "direct") + (device ? " · " + device : "")
        + " · visit " + visitor.visitCount));
      list.appendChild(item);
    });
  }

  function describe(event) {
    const extra = event.extraData || {};
    switch (event.type) {
      case "pageview":
        return "viewed " + (event.path || "");
      case "custom": {
        const params = Object.keys(extra).filter((k) => k !== "eventName").map((k) => k + "=" + extra[k]);
        return "goal " + extra.eventName + (params.length ? " (" + params.join(", ") + ")" : "")
          + " on " + (event.path || "");
      }
      case "identify":
        return "identified as " + (extra.name || extra.user_id || "");
      case "external_link":
        return "left for " + (extra.url || "");
      default:
        return event.type;
    }
  }

  function renderEvents(events) {
    const list = $("events");
    list.replaceChildren();
    events.slice(0, 50).forEach((event) => {
      const item = element("li");
      item.dataset.eventType = event.type;
      item.appendChild(element("time", null, clock(event.timestamp)));
      item.appendChild(element("strong", null, nameOf(event.visitorId, event.displayName)));
      item.appendChild(document.createTextNode(" " + describe(event)));
      list.appendChild(item);
    });
    if (!events.length) list.appendChild(element("li", "empty", "No events yet."));
  }

  function renderPayments(payments) {
    const list = $("payments");
    list.replaceChildren();
    payments.slice(0, 50).forEach((payment) => {
      const item = element("li");
      item.appendChild(element("time", null, clock(payment.timestamp)));
      const amount = payment.type === "free_trial" ? "free trial" : payment.amount + " " + payment.currency;
      item.appendChild(element("strong", null, amount));
      item.appendChild(document.createTextNode(" " + (payment.displayName || payment.name || payment.email || "someone")));
      if (payment.isNew) item.appendChild(element("span", "badge customer", "new"));
      if (payment.renewal) item.appendChild(element("span", "badge", "renewal"));
      list.appendChild(item);
    });
    if (!payments.length) list.appendChild(element("li", "empty", "No payments yet."));
  }

  // ---- one visitor's journey (GET /api/v1/visitors/{id}, docs/api.md §9.1) ---------------------------------

  let journeyOf = null; // the visitor whose journey the panel shows, or null

  function dateTime(timestamp) {
    const date = new Date(timestamp);
    return isNaN(date) ? "" : date.toLocaleString();
  }

  function duration(millis) {
    const minutes = Math.floor(millis / 60000);
    if (minutes < 1) return "under a minute";
    if (minutes < 60) return minutes + " min";
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? hours + " h " + (minutes % 60) + " min" : Math.floor(hours / 24) + " days";
  }

  // a definition list of [label, value] pairs, those without a value left out
  function facts(pairs) {
    const list = element("dl");
    pairs.forEach(([label, value]) => {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(element("dt", null, label));
      list.appendChild(element("dd", null, value));
    });
    return list;
  }

  /** The known ones of `parts`, space-separated ("Chrome 126", "mobile Apple iPhone"); null when none is known. */
  function words(...parts) {
    return parts.filter((p) => p !== null && p !== undefined && p !== "").join(" ") || null;
  }

  function section(body, title, content) {
    body.appendChild(element("h3", null, title));
    body.appendChild(content);
  }

  function markSelected() {
    document.querySelectorAll("#visitors li, #dots .visitor-dot").forEach((node) => {
      node.classList.toggle("selected", node.getAttribute("data-visitor-id") === journeyOf);
    });
  }

  function closeJourney() {
    journeyOf = null;
    $("journey").hidden = true;
    $("journey-body").replaceChildren();
    markSelected();
  }

  function openJourney(visitorId) {
    journeyOf = visitorId;
    markSelected();
    $("journey").hidden = false;
    $("journey-title").textContent = nameOf(visitorId, null);
    $("journey-status").textContent = "loading…";
    $("journey-body").replaceChildren();
    fetch("/api/v1/visitors/" + encodeURIComponent(visitorId) + query(), {
      headers: headers("application/json"), cache: "no-store"
    })
      .then((response) => response.json().catch(() => ({})).then((body) => ({ response, body })))
      .then(({ response, body }) => {
        if (journeyOf !== visitorId) return; // another visitor was clicked meanwhile
        if (!response.ok) {
          const message = body && body.error && body.error.message ? body.error.message : "HTTP " + response.status;
          $("journey-status").textContent = "Could not load this visitor: " + message;
          return;
        }
        renderJourney(body.data);
      })
      .catch(() => {
        if (journeyOf === visitorId) $("journey-status").textContent = "Could not load this visitor: server unreachable";
      });
  }

  function renderJourney(journey) {
    const identity = journey.identity;
    const activity = journey.activity;
    const profile = journey.profile;
    const metadata = profile ? profile.metadata || {} : {};
    $("journey-title").textContent = nameOf(journey.visitorId, metadata.name || null);
    $("journey-status").textContent = journey.visitorId;
    const body = $("journey-body");
    body.replaceChildren();

    const params = identity.params || {};
    const campaign = ["utm_source", "utm_medium", "utm_campaign", "ref", "source", "via"]
      .filter((k) => params[k]).map((k) => k + "=" + params[k]).join(", ");
    const clickIds = Object.keys(identity.adClickIds || {}).join(", ");
    section(body, "Who", facts([
      ["Location", [identity.city, identity.region || identity.countryCode].filter(Boolean).join(", ") || "unknown"],
      ["Browser", words(identity.browser.name, identity.browser.version)],
      ["System", words(identity.os.name, identity.os.version)],
      ["Device", words(identity.device.type, identity.device.vendor, identity.device.model)],
      ["Window", identity.viewport.width && identity.viewport.height
        ? identity.viewport.width + " × " + identity.viewport.height : null],
      ["Campaign", campaign],
      ["Ad clicks", clickIds],
      ["User id", profile ? profile.userId : null],
      ["Profile", profile ? Object.keys(metadata).filter((k) => k !== "name")
        .map((k) => k + ": " + metadata[k]).join(", ") : "never identified"]
    ]));

    section(body, "Activity", facts([
      ["Visits", activity.visitCount],
      ["Pageviews", activity.pageViewCount],
      ["First visit", dateTime(activity.firstVisitAt) + " (" + duration(activity.timeSinceFirstVisit) + " ago)"],
      ["This visit", duration(activity.timeSinceCurrentVisit)],
      ["Now on", activity.currentUrl]
    ]));

    const prediction = journey.prediction;
    const paid = journey.payments.filter((p) => !p.refunded);
    section(body, "Revenue", facts([
      ["Payments", paid.length ? paid.map((p) => p.amount + " " + p.currency).join(", ") : "none"],
      ["Likelihood", prediction ? "score " + prediction.score + " · expected "
        + prediction.expectedValue : (paid.length ? "customer" : "no model yet")]
    ]));

    // pages and goals together, newest first
    const steps = activity.visitedPages.map((p) => ({ at: p.timestamp, text: p.url, goal: false }))
      .concat(activity.completedGoals.map((g) => ({
        at: g.timestamp, goal: true,
        text: (g.origin === "payment_provider" ? "paid: " : "goal: ") + g.name
      })))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const list = element("ol", "steps");
    steps.slice(0, 100).forEach((step) => {
      const item = element("li", step.goal ? "goal" : null);
      item.appendChild(element("time", null, dateTime(step.at)));
      item.appendChild(document.createTextNode(step.text));
      list.appendChild(item);
    });
    section(body, "Journey (latest first)", list);
  }

  // the list and the dots are redrawn on every push: one listener each on their containers
  $("visitors").addEventListener("click", (e) => {
    const item = e.target.closest("li[data-visitor-id]");
    if (item) openJourney(item.dataset.visitorId);
  });
  $("dots").addEventListener("click", (e) => {
    const dot = e.target.closest(".visitor-dot");
    if (dot) openJourney(dot.getAttribute("data-visitor-id"));
  });
  $("journey-close").addEventListener("click", closeJourney);

  // ---- connection ----------------------------------------------------------------------------------------

  function setStatus(state, text) {
    const status = $("status");
    status.dataset.state = state;
    status.textContent = text;
  }

  function query() {
    return credentials.websiteId ? "?websiteId=" + encodeURIComponent(credentials.websiteId) : "";
  }

  function headers(accept) {
    return { Authorization: "Bearer " + credentials.key, Accept: accept };
  }

  // 400/401/403/404 will not heal by retrying: ask for another key
  function refused(response) {
    return response.json().catch(() => ({})).then((body) => {
      const message = body && body.error && body.error.message ? body.error.message : "HTTP " + response.status;
      disconnect();
      showKeyForm("The server refused this key: " + message);
    });
  }

  function isRefusal(status) {
    return status === 400 || status === 401 || status === 403 || status === 404;
  }

  async function openStream() {
    clearTimeout(retryTimer);
    const controller = new AbortController();
    stream = controller;
    let response;
    try {
      response = await fetch("/api/v1/analytics/realtime/stream" + query(), {
        headers: headers("text/event-stream"), signal: controller.signal, cache: "no-store"
      });
    } catch (e) {
      return streamDropped(controller);
    }
    if (isRefusal(response.status)) return refused(response);
    if (!response.ok || !response.body) return streamDropped(controller);
    setStatus("live", "live");
    stopPolling();
    retryDelay = 2000;
    lastBytesAt = Date.now();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        lastBytesAt = Date.now();
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      // aborted or cut
    }
    streamDropped(controller);
  }

  // one server-sent event: "event: map" + "data: {...}" lines; ": ..." lines are heartbeats
  function frame(text) {
    let type = "message";
    const data = [];
    text.split("\n").forEach((line) => {
      if (line === "" || line.charAt(0) === ":") return;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.charAt(0) === " ") value = value.slice(1);
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
    });
    if (type !== "map" || !data.length) return;
    const live = JSON.parse(data.join("\n"));
    Object.assign(pseudonyms, live.pseudonyms);
    render(live.map);
  }

  function streamDropped(controller) {
    if (stream !== controller || !credentials) return; // forgotten or replaced meanwhile
    stream = null;
    startPolling();
    retryTimer = setTimeout(openStream, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function startPolling() {
    if (pollTimer) return;
    setStatus("polling", "reconnecting · polling every " + POLL_MS / 1000 + " s");
    poll();
    pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function poll() {
    fetch("/api/v1/analytics/realtime/map" + query(), { headers: headers("application/json"), cache: "no-store" })
      .then((response) => {
        if (isRefusal(response.status)) return refused(response);
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then((body) => render(body.data));
      })
      .catch(() => setStatus("error", "server unreachable · retrying"));
  }

  function disconnect() {
    clearTimeout(retryTimer);
    stopPolling();
    if (stream) stream.abort();
    stream = null;
  }

  function connect() {
    $("key-form-panel").hidden = true;
    $("message").hidden = true;
    $("live").hidden = false;
    $("forget").hidden = false;
    setStatus("idle", "connecting");
    openStream();
  }

  // the stream went quiet (a proxy holding it, a sleeping laptop): start over
  setInterval(() => {
    if (stream && lastBytesAt && Date.now() - lastBytesAt > SILENCE_MS) stream.abort();
  }, 5000);

  // ---- the key -------------------------------------------------------------------------------------------

  function showKeyForm(message) {
    $("live").hidden = true;
    $("forget").hidden = true;
    $("key-form-panel").hidden = false;
    setStatus("idle", "not connected");
    $("count").textContent = "";
    const note = $("message");
    note.hidden = !message;
    note.textContent = message || "";
  }

  function forget() {
    closeJourney();
    disconnect();
    credentials = null;
    localStorage.removeItem(KEY);
    localStorage.removeItem(WEBSITE);
    ["dots", "visitors", "events", "payments"].forEach((id) => $(id).replaceChildren());
    showKeyForm("");
  }

  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const key = $("key").value.trim();
    const websiteId = $("website-id").value.trim();
    if (!key) return;
    localStorage.setItem(KEY, key);
    if (websiteId) localStorage.setItem(WEBSITE, websiteId);
    else localStorage.removeItem(WEBSITE);
    $("key").value = "";
    credentials = { key: key, websiteId: websiteId };
    connect();
  });
  $("forget").addEventListener("click", forget);

  drawWorld().catch(() => setStatus("error", "world map failed to load"));
  const saved = localStorage.getItem(KEY);
  if (saved) {
    credentials = { key: saved, websiteId: localStorage.getItem(WEBSITE) || "" };
    connect();
  } else {
    showKeyForm("");
  }
})();
