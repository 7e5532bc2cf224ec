/*! Meridian tracker (GET /js/script.js): pageviews, goals, identify and outbound clicks -> POST /api/events.
 * <script defer src="https://HOST/js/script.js" data-website-id="dfid_..." data-domain="example.com"></script>
 * See docs/live-map.md. */
(function (w, d) {
  "use strict";
  var script = d.currentScript, loc = w.location;
  var queued = (w.datafast && w.datafast.q) || [];
  var noop = function () {};
  if (!script) return;

  function attr(name) { return script.getAttribute("data-" + name); }
  var websiteId = attr("website-id");
  var domain = (attr("domain") || "").toLowerCase();
  var apiUrl = attr("api-url") || new URL(script.src, loc.href).origin + "/api/events";
  var allowedHosts = (attr("allowed-hostnames") || "").toLowerCase().split(",")
    .map(function (h) { return h.trim(); }).filter(Boolean);
  var paymentsOn = attr("disable-payments") !== "true";
  var host = loc.hostname.toLowerCase();

  function ownHost(h) {
    return h === domain || h.slice(-domain.length - 1) === "." + domain || allowedHosts.indexOf(h) >= 0;
  }

  function whyNot() {
    try { if (w.localStorage.getItem("datafast_ignore") === "true") return "datafast_ignore is set"; } catch (e) { /* storage blocked */ }
    if (!websiteId || !domain) return "data-website-id and data-domain are required";
    if (!/^https?:$/.test(loc.protocol)) return "not an http(s) page";
    if (/^(localhost|127(\.\d+){3}|\[::1\])$|\.localhost$/.test(host) && attr("allow-localhost") !== "true") {
      return "localhost (add data-allow-localhost=\"true\")";
    }
    if (!ownHost(host)) return host + " is not " + domain + " nor an allowed hostname";
    return null;
  }

  var reason = whyNot();
  if (reason) {
    if (w.console) console.info("Meridian: not tracking: " + reason);
    w.datafast = noop;
    return;
  }

  // ids: visitor cookie for a year, session cookie for 30 minutes after the latest event
  var VISITOR = "datafast_visitor_id", SESSION = "datafast_session_id";
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  var cookieDomain = domain.indexOf(".") > 0 && (host === domain || host.slice(-domain.length - 1) === "." + domain)
    ? "; domain=" + domain : "";

  function uuid() {
    var c = w.crypto;
    if (c.randomUUID) return c.randomUUID();
    var b = c.getRandomValues(new Uint8Array(16)), h = [], i;
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    for (i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    h = h.join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function cookie(name) {
    var m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  function setCookie(name, value, seconds) {
    d.cookie = name + "=" + value + "; max-age=" + seconds + "; path=/; SameSite=Lax" + cookieDomain
      + (loc.protocol === "https:" ? "; Secure" : "");
  }

  function ids() {
    var visitor = cookie(VISITOR), session = cookie(SESSION);
    if (!UUID.test(visitor)) visitor = uuid();
    if (session.charAt(0) !== "s" || !UUID.test(session.slice(1))) session = "s" + uuid();
    setCookie(VISITOR, visitor, 31536000);
    setCookie(SESSION, session, 1800);
    return [visitor, session];
  }

  function strings(object, into) {
    Object.keys(object || {}).forEach(function (key) {
      var value = object[key];
      if (value != null) into[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
    });
    return into;
  }

  // one event per request; sendBeacon survives the page being hidden or left, fetch keepalive otherwise
  function send(type, extraData) {
    var id = ids();
    var body = JSON.stringify({
      websiteId: websiteId,
      domain: domain,
      href: loc.href,
      referrer: d.referrer || null,
      viewport: { width: w.innerWidth, height: w.innerHeight },
      visitorId: id[0],
      sessionId: id[1],
      type: type,
      extraData: extraData || {}
    });
    var n = w.navigator;
    if (!(n.sendBeacon && n.sendBeacon(apiUrl, body)) && w.fetch) {
      fetch(apiUrl, { method: "POST", body: body, keepalive: true, headers: { "Content-Type": "text/plain" } })
        .catch(noop);
    }
  }

  function goal(name, params) {
    send("custom", strings(params, { eventName: String(name) }));
  }

  function datafast(name, params) {
    if (name === "identify") send("identify", strings(params, {}));
    else if (name === "payment") { if (paymentsOn) send("payment", strings(params, {})); }
    else if (name) goal(name, params);
  }

  // pageviews: on load, and after history navigation (debounced, once per URL without its #fragment)
  var lastUrl = null, timer;

  function pageview() {
    var url = loc.href.split("#")[0];
    if (url === lastUrl) return;
    lastUrl = url;
    send("pageview");
    var checkout = new URLSearchParams(loc.search).get("session_id");
    if (paymentsOn && checkout && checkout.indexOf("cs_") === 0) send("payment", { stripe_session_id: checkout });
  }

  function navigated() {
    clearTimeout(timer);
    timer = setTimeout(pageview, 50);
  }

  ["pushState", "replaceState"].forEach(function (method) {
    var original = history[method];
    history[method] = function () {
      var result = original.apply(this, arguments);
      navigated();
      return result;
    };
  });
  w.addEventListener("popstate", navigated);

  // clicks: data-fast-goal="name" (params from data-fast-goal-*), and links to other sites
  d.addEventListener("click", function (e) {
    var target = e.target && e.target.closest ? e.target : null;
    if (!target) return;
    var element = target.closest("[data-fast-goal]"), link = target.closest("a[href]");
    if (element) {
      var params = {};
      Array.prototype.forEach.call(element.attributes, function (a) {
        if (a.name.indexOf("data-fast-goal-") === 0) params[a.name.slice(15).replace(/-/g, "_")] = a.value;
      });
      goal(element.getAttribute("data-fast-goal"), params);
    }
    if (link && /^https?:$/.test(link.protocol) && !ownHost(link.hostname.toLowerCase()) && link.hostname !== host) {
      send("external_link", { url: link.href, text: (link.textContent || "").trim().slice(0, 255) });
    }
  }, true);

  w.datafast = datafast;
  if (d.prerendering) d.addEventListener("prerenderingchange", pageview, { once: true });
  else pageview();
  queued.forEach(function (args) { datafast.apply(null, args); });
})(window, document);
