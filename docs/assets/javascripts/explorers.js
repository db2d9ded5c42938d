// The explorers' wiring (lossdocs/explorers.py writes the elements): inputs of one symbol stay in step,
// and every readout is its derivation's generated function (window.lossdocsFunctions, written into the
// page at build time) at the inputs' values.  Nothing here computes a formula: what it adds is measuring
// (an error in ulp) and drawing (a plot of the same functions).
(() => {
  const show = (value, dtype) =>
    dtype === "float32" && Number.isFinite(value) ? String(Number(value.toPrecision(9))) : String(value);

  // np.spacing(|v|) in dtype: the gap from |v| (rounded to dtype) to the next larger float of dtype.
  const spacing = (v, dtype) => {
    if (dtype === "float32") {
      const f = new Float32Array([Math.abs(v)]);
      const a = f[0];
      new Int32Array(f.buffer)[0] += 1;
      return f[0] - a;
    }
    const f = new Float64Array([Math.abs(v)]);
    const a = f[0];
    new BigInt64Array(f.buffer)[0] += 1n;
    return f[0] - a;
  };
  const ulpError = (value, reference, dtype) => {
    if (Number.isNaN(value) || Number.isNaN(reference)) return Number.isNaN(value) && Number.isNaN(reference) ? 0 : Infinity;
    if (!Number.isFinite(value) || !Number.isFinite(reference)) return value === reference ? 0 : Infinity;
    return Math.abs(value - reference) / spacing(reference, dtype);
  };
  const showError = (e) => (!Number.isFinite(e) ? "∞" : e < 1e4 ? String(Number(e.toPrecision(2))) : e.toExponential(1));

  const call = (key, names, values) => window.lossdocsFunctions[key](...names.map((name) => values[name]));

  const SVG = "http://www.w3.org/2000/svg";
  const [LEFT, RIGHT, TOP, BOTTOM] = [52, 10, 8, 28];
  const niceStep = (span) => {
    const raw = span / 4, power = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  };
  const element = (name, attributes, text) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // Drawn in CSS pixels at the plot's width (text stays 12 px on a phone), again when the width changes.
  const draw = (svg, values) => {
    svg.lossdocsValues = values;
    const WIDTH = Math.round(svg.getBoundingClientRect().width) || 640;
    const HEIGHT = Math.round(Math.min(300, Math.max(220, WIDTH * 0.45)));
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    const symbol = svg.dataset.symbol, at = values[symbol];
    const half = Math.max(Number(svg.dataset.halfWidth), 1.25 * Math.abs(at));
    const [low, high] = [Number(svg.dataset.low), Number(svg.dataset.high)];
    const px = (v) => LEFT + ((v + half) / (2 * half)) * (WIDTH - LEFT - RIGHT);
    const py = (v) => {
      const d = v > 0 ? Math.min(Math.max(Math.log10(v), low), high) : Number.isNaN(v) ? NaN : v === Infinity ? high : low;
      return TOP + ((high - d) / (high - low)) * (HEIGHT - TOP - BOTTOM);
    };
    const axes = svg.querySelector(".lossdocs-plot__axes");
    axes.replaceChildren();
    const step = niceStep(2 * half);
    for (let t = Math.ceil(-half / step) * step; t <= half; t += step) {
      axes.append(element("line", { x1: px(t), x2: px(t), y1: TOP, y2: HEIGHT - BOTTOM, class: "lossdocs-plot__grid" }));
      axes.append(element("text", { x: px(t), y: HEIGHT - 10, "text-anchor": "middle" }, String(Number(t.toPrecision(6)))));
    }
    const decade = Math.max(1, Math.ceil((high - low) / 6));
    for (let d = high; d >= low; d -= decade) {
      const y = TOP + ((high - d) / (high - low)) * (HEIGHT - TOP - BOTTOM);
      axes.append(element("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y, class: "lossdocs-plot__grid" }));
      axes.append(element("text", { x: LEFT - 6, y: y + 4, "text-anchor": "end" }, d === 0 ? "1" : `1e${d}`));
    }
    axes.append(element("text", { x: WIDTH - RIGHT, y: HEIGHT - BOTTOM - 6, "text-anchor": "end" }, symbol));
    axes.append(element("text", { x: LEFT + 6, y: TOP + 14, class: "lossdocs-plot__label" }, svg.dataset.label));
    const n = Math.max(200, Math.min(400, WIDTH - LEFT - RIGHT));
    for (const path of svg.querySelectorAll("path[data-series]")) {
      const names = JSON.parse(path.dataset.parameters);
      let d = "", pen = "M";
      for (let i = 0; i <= n; i++) {
        const v = -half + (2 * half * i) / n;
        const y = py(call(path.dataset.series, names, { ...values, [symbol]: v }));
        if (Number.isNaN(y)) { pen = "M"; continue; }
        d += `${pen}${px(v).toFixed(1)} ${y.toFixed(1)}`;
        pen = "L";
      }
      path.setAttribute("d", d);
    }
    const y = call(svg.dataset.marker, JSON.parse(svg.dataset.markerParameters), values);
    const marker = svg.querySelector(".lossdocs-plot__marker");
    marker.setAttribute("cx", px(at));
    marker.setAttribute("cy", py(y));
    marker.dataset.x = String(at);
    marker.dataset.y = String(y);
  };

  const start = (root) => {
    const inputs = [...root.querySelectorAll("input[name]")];
    const update = (source) => {
      if (source) {
        if (source.value === "" || !Number.isFinite(Number(source.value))) return;
        for (const other of inputs) if (other !== source && other.name === source.name) other.value = source.value;
      }
      // A slider snaps to its step; a number box holds the exact value, and comes after it, so it wins.
      const values = Object.fromEntries(inputs.map((i) => [i.name, Number(i.value)]));
      for (const out of root.querySelectorAll("output[data-derivation]")) {
        const value = call(`${out.dataset.derivation}/${out.dataset.dtype}`, JSON.parse(out.dataset.parameters), values);
        out.dataset.value = String(value); // the shortest string that reads back as the same double
        out.textContent = show(value, out.dataset.dtype);
      }
      for (const out of root.querySelectorAll("output[data-of]")) {
        const names = JSON.parse(out.dataset.parameters);
        const of = root.querySelector(`output[data-derivation][data-dtype="${out.dataset.dtype}"][data-derivation="${out.dataset.of.split("/")[0]}"]`);
        const reference = call(`${out.dataset.reference}/float64`, names, values);
        const error = ulpError(Number(of.dataset.value), reference, out.dataset.dtype);
        out.dataset.value = String(error);
        out.textContent = showError(error);
      }
      for (const svg of root.querySelectorAll("svg[data-plot]")) draw(svg, values);
    };
    for (const input of inputs) input.addEventListener("input", () => update(input));
    root.classList.add("lossdocs-explorer--live"); // shows the inputs, readouts and plot (hidden without JS)
    update();
  };

  const ready = () => {
    document.querySelectorAll(".lossdocs-explorer").forEach(start);
    let width = window.innerWidth;
    window.addEventListener("resize", () => {
      if (window.innerWidth === width) return;
      width = window.innerWidth;
      for (const svg of document.querySelectorAll("svg[data-plot]")) if (svg.lossdocsValues) draw(svg, svg.lossdocsValues);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
