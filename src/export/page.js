// Rewrites the programme into the reader's zone. Every fact comes from the
// markup: rows carry data-start/data-end, every instant is <time datetime>.
(function () {
  "use strict";
  var KEY = "agenda-zone";
  var main = document.getElementById("programme");
  var note = document.getElementById("zone-note");
  var pick = document.getElementById("zone-pick");
  var select = document.getElementById("zone");
  if (!main || !window.Intl) return;
  var eventZone = main.getAttribute("data-event-zone");
  // A fixed offset is called UTC+05:30 on the page; Intl calls it +05:30.
  if (/^UTC[+-]\d\d:\d\d$/.test(eventZone)) eventZone = eventZone.slice(3);
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  var head = main.querySelector("thead");
  var rows = Array.prototype.slice.call(main.querySelectorAll("tr.block"));
  rows.forEach(function (row, i) { row._order = i; });
  rows.sort(function (a, b) {
    return Date.parse(a.getAttribute("data-start")) - Date.parse(b.getAttribute("data-start")) || a._order - b._order;
  });

  function parts(zone, date, options) {
    var out = {};
    new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: zone }, options))
      .formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }
  function localDate(zone, date) {
    var p = parts(zone, date, { year: "numeric", month: "2-digit", day: "2-digit" });
    return p.year + "-" + p.month + "-" + p.day;
  }
  function clock(zone, date) {
    var p = parts(zone, date, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return p.hour + ":" + p.minute;
  }
  function offset(zone, date) {
    var name = parts(zone, date, { timeZoneName: "longOffset" }).timeZoneName || "GMT";
    var m = /GMT([+-]\d\d:\d\d)?/.exec(name);
    return "UTC" + (m && m[1] ? m[1] : "+00:00");
  }
  // "UTC-03:00" beside a time reads "-03", as the other outputs write it.
  function shortOffset(o) {
    var s = o.slice(3);
    return /^[+-]\d\d:00$/.test(s) ? s.slice(0, 3) : s;
  }
  function dayNumber(key) {
    var p = key.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }
  function heading(key) {
    var p = key.split("-");
    var d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
    var w = parts("UTC", d, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    return w.weekday + " " + w.day + " " + w.month + " " + w.year;
  }
  function valid(zone) {
    try { new Intl.DateTimeFormat("en", { timeZone: zone }); return true; } catch (e) { return false; }
  }
  function stored() {
    try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }
  function store(zone) {
    try { if (zone) localStorage.setItem(KEY, zone); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }

  function render(zone, chosen) {
    var groups = [];
    rows.forEach(function (row) {
      var key = localDate(zone, new Date(row.getAttribute("data-start")));
      var last = groups[groups.length - 1];
      if (!last || last.key !== key) groups.push(last = { key: key, rows: [] });
      last.rows.push(row);
    });
    main.textContent = "";
    groups.forEach(function (group, i) {
      var section = document.createElement("section");
      section.className = "day";
      section.setAttribute("data-date", group.key);
      var h2 = document.createElement("h2");
      h2.id = "day-" + i;
      var names = [];
      group.rows.forEach(function (row) {
        var n = row.getAttribute("data-day");
        if (n && names.indexOf(n) < 0) names.push(n);
      });
      h2.textContent = heading(group.key) + (names.length ? " · " + names.join(" / ") : "");
      var table = document.createElement("table");
      table.setAttribute("aria-labelledby", h2.id);
      table.appendChild(head.cloneNode(true));
      var body = document.createElement("tbody");
      group.rows.forEach(function (row) {
        Array.prototype.forEach.call(row.querySelectorAll("time[datetime]"), function (t) {
          var at = new Date(t.getAttribute("datetime"));
          var date = localDate(zone, at);
          var days = dayNumber(date) - dayNumber(group.key);
          // An end on its start's date needs no mark of its own.
          var start = t.previousElementSibling;
          if (start && start.tagName === "TIME" &&
              localDate(zone, new Date(start.getAttribute("datetime"))) === date) days = 0;
          // Across a clock change, each end of the range carries its offset.
          var pair = start && start.tagName === "TIME" ? start : t.nextElementSibling;
          var mark = "";
          if (pair && pair.tagName === "TIME") {
            var mine = offset(zone, at);
            if (mine !== offset(zone, new Date(pair.getAttribute("datetime")))) mark = " " + shortOffset(mine);
          }
          t.textContent = clock(zone, at) + mark + (days ? " " + (days > 0 ? "+" : "") + days + "d" : "");
        });
        body.appendChild(row);
      });
      table.appendChild(body);
      section.appendChild(h2);
      section.appendChild(table);
      main.appendChild(section);
    });
    var seen = [];
    rows.forEach(function (row) {
      ["data-start", "data-end"].forEach(function (attr) {
        var o = offset(zone, new Date(row.getAttribute(attr)));
        if (seen.indexOf(o) < 0) seen.push(o);
      });
    });
    note.textContent = "";
    note.appendChild(document.createTextNode("Times in "));
    var strong = document.createElement("strong");
    strong.textContent = zone;
    note.appendChild(strong);
    note.appendChild(document.createTextNode(" (" + seen.join(", then ") + "), " +
      (chosen ? "the zone you chose." : "your browser's time zone.")));
    highlight();
  }

  // The block running now; "#now=2021-04-13T14:35Z" previews another moment.
  function now() {
    var m = /(?:^#|&)now=([^&]+)/.exec(location.hash);
    var t = m ? Date.parse(decodeURIComponent(m[1])) : NaN;
    return isNaN(t) ? Date.now() : t;
  }
  function highlight() {
    var t = now();
    rows.forEach(function (row) {
      var on = Date.parse(row.getAttribute("data-start")) <= t && t < Date.parse(row.getAttribute("data-end"));
      var badge = row.querySelector(".now-badge");
      row.classList.toggle("now", on);
      if (on) {
        row.setAttribute("aria-current", "time");
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "now-badge";
          badge.textContent = "Now";
          var cell = row.querySelector("td");
          cell.insertBefore(badge, cell.firstChild);
        }
      } else {
        row.removeAttribute("aria-current");
        if (badge) badge.remove();
      }
    });
  }

  var zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone").slice() : [];
  var choice = stored();
  if (choice && !valid(choice)) choice = "";
  // The browser's list may spell a zone the old way (Asia/Calcutta), so
  // the names in use here are added to it.
  [browserZone, eventZone, "UTC", choice].forEach(function (z) { if (z && zones.indexOf(z) < 0) zones.push(z); });
  zones.sort();
  var marked = false;
  function option(value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    // The attribute, not just the state, so the page as saved shows it too.
    if (value === choice && !marked) o.defaultSelected = marked = true;
    select.appendChild(o);
  }
  option("", "Your browser's zone (" + browserZone + ")");
  option(eventZone, "The event's zone (" + eventZone + ")");
  zones.forEach(function (z) { option(z, z.replace(/_/g, " ")); });
  select.addEventListener("change", function () {
    store(select.value);
    render(select.value || browserZone, !!select.value);
  });
  pick.hidden = false;
  render(choice || browserZone, !!choice);
  setInterval(highlight, 30000);
  window.addEventListener("hashchange", highlight);
})();
