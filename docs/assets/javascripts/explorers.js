// The explorers' wiring (lossdocs/explorers.py writes the elements): inputs of one symbol stay in step,
// and every readout is its derivation's generated function (window.lossdocsFunctions, written into the
// page at build time) at the inputs' values.  Nothing here computes a formula.
(() => {
  const show = (value, dtype) =>
    dtype === "float32" && Number.isFinite(value) ? String(Number(value.toPrecision(9))) : String(value);

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
        const f = window.lossdocsFunctions[`${out.dataset.derivation}/${out.dataset.dtype}`];
        const value = f(...JSON.parse(out.dataset.parameters).map((name) => values[name]));
        out.dataset.value = String(value); // the shortest string that reads back as the same double
        out.textContent = show(value, out.dataset.dtype);
      }
    };
    for (const input of inputs) input.addEventListener("input", () => update(input));
    update();
  };

  const ready = () => document.querySelectorAll(".lossdocs-explorer").forEach(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
